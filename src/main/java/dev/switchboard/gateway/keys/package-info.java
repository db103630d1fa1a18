/**
 * Gateway keys (virtual keys): the credentials callers of the {@code serve} gateway present, each with an owner, a
 * plan, an optional monthly budget and the models it may use. {@link dev.switchboard.gateway.keys.KeyStore} creates,
 * lists and revokes them in the cost ledger's database (table {@code gateway_key}, Flyway {@code V6}) and answers
 * {@link dev.switchboard.gateway.keys.KeyStore#authenticate} from a short-lived in-memory cache, so most calls do no
 * SQL. Only a secret's SHA-256 and its display prefix are stored; the secret is returned once, by
 * {@link dev.switchboard.gateway.keys.KeyStore#create}, and appears in no record's {@code toString}, message or log
 * line. {@link dev.switchboard.gateway.keys.KeyFields} reads budgets and model lists as operators type them (CLI,
 * console). Sits above the engine: uses {@code store} and {@code engine.config}; the engine never imports it.
 */
package dev.switchboard.gateway.keys;
