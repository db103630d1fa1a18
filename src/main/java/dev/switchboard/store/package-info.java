/**
 * Connections to the outside stores: the SQL database ({@link dev.switchboard.store.Database}: HikariCP over
 * PostgreSQL or embedded H2, schema by Flyway) and Redis ({@link dev.switchboard.store.RedisConnections}).
 * No engine logic lives here; it only knows how to connect, migrate and time out.
 */
package dev.switchboard.store;
