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
import java.util.concurrent.locks.ReentrantLock;
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
    /** A lock, not a monitor: Flyway does I/O, and a virtual thread blocked inside a monitor pins its carrier on JDK 21. */
    private final ReentrantLock migration = new ReentrantLock();
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

    static {
        // pgjdbc logs through java.util.logging, straight to stderr with stack traces; route it through logback.
        LogLines.routeDriverLogging();
    }

    /**
     * @param url      {@code jdbc:postgresql://...}, {@code postgresql://user[:password]@host:port/db} or
     *                 {@code jdbc:h2:file:PATH}; the user and password of a postgresql:// URL are used unless
     *                 {@code user} / {@code password} are given
     * @param timeout  how long a request may wait for a connection before the tier counts as down
     * @throws IllegalArgumentException when the URL cannot be used; the message shows it with its credentials masked
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
        String effectivePassword = password;
        if (!url.startsWith("jdbc:")) {
            String[] info = userInfo(url);
            if (effectiveUser == null) {
                effectiveUser = info[0];
            }
            if (effectivePassword == null) {
                effectivePassword = info[1];
            }
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
        if (effectivePassword != null) {
            hc.setPassword(effectivePassword);
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
        HikariDataSource pool;
        DataSource unbounded;
        try {
            pool = new HikariDataSource(hc);
            unbounded = new DriverDataSource(jdbcUrl, null, unboundedProperties(base, dialect), effectiveUser,
                    effectivePassword);
        } catch (RuntimeException e) {
            // HikariCP's message quotes the whole JDBC URL ("Failed to get driver instance for jdbcUrl=..."); the
            // cause is left out on purpose: a stack trace would print its message, password and all.
            throw new IllegalArgumentException("cannot use the database URL " + Urls.redact(url) + ": "
                    + Failures.oneLine(e));
        }
        return new Database(jdbcUrl, dialect, pool, unbounded, statementTimeout);
    }

    /**
     * For Flyway: no socket timeout and no statement timeout (not even a role's default), since a migration that
     * rewrites a large table may take minutes; cut at 10 s, it failed, kept its lock until the server noticed, and
     * every retry queued behind it.
     */
    private static Properties unboundedProperties(Properties base, SqlDialect dialect) {
        Properties p = new Properties();
        p.putAll(base);
        if (dialect == SqlDialect.POSTGRESQL) {
            p.setProperty("socketTimeout", "0");
            p.setProperty("options", "-c statement_timeout=0");
        }
        return p;
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
            URI u = uri(url);
            int port = u.getPort() < 0 ? 5432 : u.getPort();
            String query = u.getRawQuery() == null ? "" : "?" + u.getRawQuery();
            // No user info: pgjdbc does not read it; open() passes the user and password as properties instead.
            return "jdbc:postgresql://" + u.getHost() + ":" + port + u.getRawPath() + query;
        }
        return "jdbc:" + url;
    }

    /** {user, password} of {@code scheme://user:password@host}, each null when absent. */
    static String[] userInfo(String url) {
        String info;
        try {
            info = new URI(url).getUserInfo();
        } catch (java.net.URISyntaxException e) {
            return new String[2];
        }
        if (info == null) {
            return new String[2];
        }
        int colon = info.indexOf(':');
        return colon < 0 ? new String[] {info, null} : new String[] {info.substring(0, colon), info.substring(colon + 1)};
    }

    /** Unlike URI.create, whose message quotes the whole input, password and all. */
    private static URI uri(String url) {
        try {
            return new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a valid database URL: " + Urls.redact(url) + " (" + e.getReason()
                    + ")");
        }
    }

    /** Migrates the schema once, then checks a connection works. Throws when the database cannot be reached. */
    public void ensureReady() throws SQLException {
        if (!migrated) {
            migration.lock();
            try {
                if (!migrated) {
                    try {
                        Flyway.configure().dataSource(unbounded).locations("classpath:db/migration")
                                .loggers("slf4j").load().migrate();
                    } catch (RuntimeException e) {
                        throw new SQLException("schema migration failed: " + Failures.oneLine(e), e);
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

    /** The JDBC URL with its credentials masked, for status lines and logs. */
    public String describe() {
        return Urls.redact(jdbcUrl);
    }

    @Override
    public void close() {
        pool.close();
    }
}
