package dev.switchboard.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * A PostgreSQL schema of the test's own in the shared test database, dropped at the end: a test may lock its
 * tables without stalling anyone else's. {@link #url()} points a JDBC connection (and Flyway) at it.
 */
public final class PgSchema implements AutoCloseable {
    private final String base;
    private final String name = "sb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    public PgSchema() throws SQLException {
        Services.requirePostgres();
        String u = Services.databaseUrl();
        this.base = u.startsWith("jdbc:") ? u : "jdbc:" + u.replaceFirst("^postgres:", "postgresql:");
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + name);
        }
    }

    public String name() {
        return name;
    }

    /** The database URL with this schema first on the search path. */
    public String url() {
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    /** A plain connection (no pool, no timeouts) with this schema on the search path. */
    public Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", Services.databaseUser());
        return DriverManager.getConnection(url(), p);
    }

    /** True while some session waits for a lock on {@code table} of this schema (e.g. behind a LOCK TABLE). */
    public boolean someoneWaitsFor(String table) {
        try (Connection c = connect(); java.sql.PreparedStatement ps = c.prepareStatement("""
                SELECT count(*) FROM pg_locks l JOIN pg_class t ON l.relation = t.oid
                JOIN pg_namespace n ON t.relnamespace = n.oid
                WHERE NOT l.granted AND t.relname = ? AND n.nspname = ?""")) {
            ps.setString(1, table);
            ps.setString(2, name);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", Services.databaseUser());
        try (Connection c = DriverManager.getConnection(base, p); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }
}
