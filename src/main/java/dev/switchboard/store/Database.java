package dev.switchboard.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The SQL store: a HikariCP pool over PostgreSQL or an embedded H2 file, with the schema migrated by Flyway.
 * Opening never fails because the server is down: the pool starts empty and {@link #ensureReady()} migrates
 * and checks the connection when it can, so a caller can retry it until the database is back.
 */
public final class Database implements AutoCloseable {
    private final String jdbcUrl;
    private final SqlDialect dialect;
    private final HikariDataSource pool;
    /** A lock, not a monitor: Flyway does I/O, and a virtual thread blocked inside a monitor pins its carrier on JDK 21. */
    private final ReentrantLock migration = new ReentrantLock();
    private volatile boolean migrated;

    private Database(String jdbcUrl, SqlDialect dialect, HikariDataSource pool) {
        this.jdbcUrl = jdbcUrl;
        this.dialect = dialect;
        this.pool = pool;
    }

    /**
     * @param url      {@code jdbc:postgresql://...}, {@code postgresql://user@host:port/db} or {@code jdbc:h2:file:PATH}
     * @param timeout  how long a request may wait for a connection before the tier counts as down
     */
    public static Database open(String url, String user, String password, Duration timeout, int poolSize) {
        String jdbcUrl = toJdbcUrl(url);
        String effectiveUser = user;
        if (effectiveUser == null && !url.startsWith("jdbc:")) {
            effectiveUser = userFromUri(url);
        }
        SqlDialect dialect = jdbcUrl.startsWith("jdbc:h2:") ? SqlDialect.H2 : SqlDialect.POSTGRESQL;
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl);
        if (effectiveUser != null) {
            hc.setUsername(effectiveUser);
        }
        if (password != null) {
            hc.setPassword(password);
        }
        hc.setPoolName("switchboard-sql");
        hc.setMaximumPoolSize(poolSize);
        // A fixed-size pool (HikariCP's advice): no connection is opened on the request path under a burst.
        hc.setMinimumIdle(poolSize);
        hc.setConnectionTimeout(Math.max(250, timeout.toMillis()));
        hc.setValidationTimeout(250);
        // Start even when the server is down; the tier reports DOWN and reconnects later.
        hc.setInitializationFailTimeout(-1);
        if (dialect == SqlDialect.POSTGRESQL) {
            hc.addDataSourceProperty("connectTimeout", "2");
            hc.addDataSourceProperty("socketTimeout", "10");
            hc.addDataSourceProperty("tcpKeepAlive", "true");
            hc.addDataSourceProperty("ApplicationName", "switchboard");
            // Batched inserts (ledger rows, L3 writes) go as multi-row statements: several times fewer round trips.
            hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        return new Database(jdbcUrl, dialect, new HikariDataSource(hc));
    }

    static String toJdbcUrl(String url) {
        if (url.startsWith("jdbc:")) {
            return url;
        }
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            URI u = URI.create(url);
            int port = u.getPort() < 0 ? 5432 : u.getPort();
            String query = u.getRawQuery() == null ? "" : "?" + u.getRawQuery();
            return "jdbc:postgresql://" + u.getHost() + ":" + port + u.getRawPath() + query;
        }
        return "jdbc:" + url;
    }

    private static String userFromUri(String url) {
        try {
            String info = URI.create(url).getUserInfo();
            if (info == null) {
                return null;
            }
            int colon = info.indexOf(':');
            return colon < 0 ? info : info.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Migrates the schema once, then checks a connection works. Throws when the database cannot be reached. */
    public void ensureReady() throws SQLException {
        if (!migrated) {
            migration.lock();
            try {
                if (!migrated) {
                    try {
                        Flyway.configure().dataSource(pool).locations("classpath:db/migration")
                                .loggers("slf4j").load().migrate();
                    } catch (RuntimeException e) {
                        throw new SQLException("schema migration failed: " + rootMessage(e), e);
                    }
                    migrated = true;
                }
            } finally {
                migration.unlock();
            }
        }
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
    }

    public DataSource dataSource() {
        return pool;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /** The JDBC URL without credentials, for status lines. */
    public String describe() {
        return jdbcUrl;
    }

    @Override
    public void close() {
        pool.close();
    }
}
