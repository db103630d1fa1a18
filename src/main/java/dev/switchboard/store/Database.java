package dev.switchboard.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The SQL store: a HikariCP pool over PostgreSQL or an embedded H2 file, with the schema migrated by Flyway.
 * Opening never fails because the server is down: the pool starts empty and {@link #ensureReady()} migrates
 * and checks the connection when it can, so a caller can retry it until the database is back.
 */
public final class Database implements AutoCloseable {
    /** pgjdbc's socket timeout where no statement timeout says otherwise: the old blanket bound on a stuck read. */
    private static final int DEFAULT_SOCKET_SECONDS = 10;
    /** The socket timeout is this many statement timeouts: a backstop for a server that stopped answering. */
    private static final int SOCKET_PER_STATEMENT = 4;

    /** Work on one connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    private final String jdbcUrl;
    private final SqlDialect dialect;
    private final HikariDataSource pool;
    /** For Flyway: the same server, without the pool's statement and socket bounds, which a migration may exceed. */
    private final DataSource unbounded;
    private final Duration statementTimeout;
    private volatile boolean migrated;

    private Database(String jdbcUrl, SqlDialect dialect, HikariDataSource pool, DataSource unbounded,
                     Duration statementTimeout) {
        this.jdbcUrl = jdbcUrl;
        this.dialect = dialect;
        this.pool = pool;
        this.unbounded = unbounded;
        this.statementTimeout = statementTimeout;
    }

    /**
     * @param url      {@code jdbc:postgresql://...}, {@code postgresql://user@host:port/db} or {@code jdbc:h2:file:PATH}
     * @param timeout  how long a request may wait for a connection before the tier counts as down
     */
    public static Database open(String url, String user, String password, Duration timeout, int poolSize) {
        return open(url, user, password, timeout, poolSize, null);
    }

    /**
     * @param statementTimeout the longest any statement on the pool may run, waiting for locks included, unless
     *                         {@link #withStatementTimeout} allows one longer; null for no bound but the socket's 10 s.
     *                         Set on the server in milliseconds ({@code statement_timeout}, H2's {@code QUERY_TIMEOUT}
     *                         and {@code LOCK_TIMEOUT}): JDBC's {@code setQueryTimeout} counts whole seconds only,
     *                         and on H2 changes the session's setting for every later statement too.
     */
    public static Database open(String url, String user, String password, Duration timeout, int poolSize,
                                Duration statementTimeout) {
        String jdbcUrl = toJdbcUrl(url);
        String effectiveUser = user;
        if (effectiveUser == null && !url.startsWith("jdbc:")) {
            effectiveUser = userFromUri(url);
        }
        SqlDialect dialect = jdbcUrl.startsWith("jdbc:h2:") ? SqlDialect.H2 : SqlDialect.POSTGRESQL;
        Properties base = new Properties();
        if (dialect == SqlDialect.POSTGRESQL) {
            base.setProperty("connectTimeout", "2");
            base.setProperty("socketTimeout", Integer.toString(DEFAULT_SOCKET_SECONDS));
            base.setProperty("tcpKeepAlive", "true");
            base.setProperty("ApplicationName", "switchboard");
            // Batched inserts (ledger rows, L3 writes) go as multi-row statements: several times fewer round trips.
            base.setProperty("reWriteBatchedInserts", "true");
        }
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
        Properties pooled = new Properties();
        pooled.putAll(base);
        if (statementTimeout != null) {
            long ms = Math.max(1, statementTimeout.toMillis());
            if (dialect == SqlDialect.POSTGRESQL) {
                // In the startup packet: every session starts bounded, no extra round trip.
                pooled.setProperty("options", "-c statement_timeout=" + ms);
                pooled.setProperty("socketTimeout", Long.toString(socketSeconds(statementTimeout)));
            } else {
                hc.setConnectionInitSql(dialect.statementTimeout(ms));
            }
        }
        hc.setDataSourceProperties(pooled);
        DataSource unbounded = new DriverDataSource(jdbcUrl, null, base, effectiveUser, password);
        return new Database(jdbcUrl, dialect, new HikariDataSource(hc), unbounded, statementTimeout);
    }

    /** pgjdbc counts its socket timeout in whole seconds. */
    private static long socketSeconds(Duration statementTimeout) {
        return Math.max(1, Math.ceilDiv(SOCKET_PER_STATEMENT * statementTimeout.toMillis(), 1000));
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
            synchronized (this) {
                if (!migrated) {
                    try {
                        Flyway.configure().dataSource(unbounded).locations("classpath:db/migration")
                                .loggers("slf4j").load().migrate();
                    } catch (RuntimeException e) {
                        throw new SQLException("schema migration failed: " + rootMessage(e), e);
                    }
                    migrated = true;
                }
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

    /**
     * Runs {@code work} on a pooled connection whose statements may each take up to {@code limit}, for the rare
     * long ones (purges, bulk deletes, batch writes) on a pool bounded for quick reads. The pool's bound is put back
     * before the connection returns to the pool; a connection where that fails is closed instead.
     */
    public <T> T withStatementTimeout(Duration limit, SqlWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            if (statementTimeout == null) {
                return work.apply(c);
            }
            if (dialect == SqlDialect.POSTGRESQL) {
                // HikariCP puts the network timeout back itself when the connection is returned.
                c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE,
                        socketSeconds(limit) * 1000));
            }
            setStatementTimeout(c, limit);
            try {
                return work.apply(c);
            } finally {
                try {
                    setStatementTimeout(c, statementTimeout);
                } catch (SQLException e) {
                    pool.evictConnection(c);
                }
            }
        }
    }

    private void setStatementTimeout(Connection c, Duration d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(dialect.statementTimeout(Math.max(1, d.toMillis())));
        }
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
