/**
 * Gateway keys (virtual keys): the credentials callers of the {@code serve} gateway present, each with an owner, a
 * plan, an optional monthly budget and the models it may use. {@link dev.switchboard.gateway.keys.KeyStore} creates,
 * lists and revokes them in the cost ledger's database (table {@code gateway_key}, Flyway {@code V6}) and answers
 * {@link dev.switchboard.gateway.keys.KeyStore#authenticate} from a short-lived in-memory cache, so most calls do no
 * SQL. Only a secret's SHA-256 and its display prefix are stored; the secret is returned once, by
 * {@link dev.switchboard.gateway.keys.KeyStore#create}, and appears in no record's {@code toString}, message or log
 * line. {@link dev.switchboard.gateway.keys.KeyFields} holds the rules for a key's fields (the store applies them;
 * the CLI and the console check with them as the operator types) and reads budgets and model lists as typed. Sits
 * above the engine: uses {@code store}, {@code engine.config} and
 * {@code engine.clock} (the cache's {@code Ticker}); the engine never imports it.
 */
package dev.switchboard.gateway.keys;
