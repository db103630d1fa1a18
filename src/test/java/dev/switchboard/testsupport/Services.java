package dev.switchboard.testsupport;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;
import redis.clients.jedis.Jedis;

/**
 * The real services integration tests talk to. With CI=true a missing service fails the test; elsewhere the
 * test is skipped with a message saying what to start.
 */
public final class Services {
    private Services() {
    }

    public static String redisUrl() {
        String v = System.getenv("REDIS_URL");
        return v == null || v.isBlank() ? "redis://127.0.0.1:6379" : v;
    }

    public static String databaseUrl() {
        String v = System.getenv("DATABASE_URL");
        return v == null || v.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/test" : v;
    }

    public static String databaseUser() {
        String v = System.getenv("DATABASE_USER");
        return v == null || v.isBlank() ? "postgres" : v;
    }

    public static void requireRedis() {
        try (Jedis j = new Jedis(java.net.URI.create(redisUrl()), 1000)) {
            j.ping();
        } catch (RuntimeException e) {
            missing("Redis at " + redisUrl(), e);
        }
    }

    public static void requirePostgres() {
        String url = databaseUrl().startsWith("jdbc:") ? databaseUrl()
                : "jdbc:" + databaseUrl().replaceFirst("^postgres:", "postgresql:");
        Properties p = new Properties();
        p.setProperty("user", databaseUser());
        p.setProperty("connectTimeout", "2");
        try (Connection c = DriverManager.getConnection(url, p)) {
            c.createStatement().execute("SELECT 1");
        } catch (Exception e) {
            missing("PostgreSQL at " + databaseUrl(), e);
        }
    }

    /** The redis-server binary, for tests that start and stop a Redis of their own. */
    public static Path redisServerBinary() {
        for (String candidate : new String[] {"/usr/bin/redis-server", "/usr/local/bin/redis-server"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        missing("the redis-server binary", null);
        return null;
    }

    private static void missing(String what, Exception cause) {
        String msg = what + " is not reachable" + (cause == null ? "" : " (" + cause.getMessage() + ")")
                + "; start it (see the README's prerequisites) to run this integration test";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true: " + msg);
        }
        assumeTrue(false, msg);
    }
}
