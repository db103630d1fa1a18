package dev.switchboard.testsupport;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * A PostgreSQL database of one test's own, on the server the tests use: created empty, dropped on close. A test
 * that migrates its schema here cannot disturb other tests (or other branches) sharing the {@code test} database.
 */
public final class PrivateDatabase implements AutoCloseable {
    private final String name;
    private final String url;

    private PrivateDatabase(String name, String url) {
        this.name = name;
        this.url = url;
    }

    /** Creates {@code <prefix>_<12 hex>}; skips the test (fails it with CI=true) when PostgreSQL is not there. */
    public static PrivateDatabase create(String prefix) throws SQLException {
        Services.requirePostgres();
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        URI u = URI.create(Services.databaseUrl().replaceFirst("^jdbc:", ""));
        return new PrivateDatabase(name, "jdbc:postgresql://" + u.getHost() + ":" + (u.getPort() < 0 ? 5432
                : u.getPort()) + "/" + name);
    }

    public String url() {
        return url;
    }

    public String user() {
        return Services.databaseUser();
    }

    /** A plain JDBC connection, for a test's own queries. */
    public Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user());
        return DriverManager.getConnection(url, p);
    }

    private static Connection admin() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", Services.databaseUser());
        String base = Services.databaseUrl();
        return DriverManager.getConnection(base.startsWith("jdbc:") ? base : "jdbc:" + base, p);
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
