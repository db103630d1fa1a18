/**
 * Connections to the outside stores: the SQL database ({@link dev.switchboard.store.Database}: HikariCP over
 * PostgreSQL or embedded H2, schema by Flyway) and Redis ({@link dev.switchboard.store.RedisConnections}).
 * No engine logic lives here; it only knows how to connect, migrate and time out, and how to talk about the stores
 * without leaking: {@link dev.switchboard.store.Urls} masks credentials in any URL it shows,
 * {@link dev.switchboard.store.Failures} turns a driver failure into one line without secrets or row contents, and
 * {@link dev.switchboard.store.LogLines} makes every log line (the drivers' too) one such line.
 */
package dev.switchboard.store;
