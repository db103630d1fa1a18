package dev.switchboard.engine.cache;

import dev.switchboard.engine.request.CacheKey;
import dev.switchboard.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Supplier;

/**
 * L3: one table in PostgreSQL or the embedded H2 file, through the same JDBC code. Expired rows are ignored on
 * read and deleted by {@link #purgeExpired()}, which the engine runs in the background.
 *
 * <p>The pool bounds every statement by the tier's timeout (see {@link Database#open}), so a read that cannot
 * finish in time (a locked table, a server too slow) is a miss at once and marks the tier DOWN, rather than
 * holding the request. Writes, purges and operators' deletes are allowed longer: they are off the request path
 * and may touch many rows.
 */
final class SqlTier implements CacheTier {
    private static final String COLUMNS = "answer, answered_by, tokens_in, tokens_out, cost_usd, created_at, expires_at, detail";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM cache_entry WHERE cache_key = ? AND expires_at > ?";

    /** Longest a long statement (purge, operator's delete) may run. */
    private static final Duration MAINTENANCE_TIMEOUT = Duration.ofMinutes(1);
    /** A batch write gets ten reads' time, and at least this. */
    private static final Duration MIN_WRITE_TIMEOUT = Duration.ofSeconds(5);

    private final Database db;
    private final InstantSource clock;
    private final String upsert;
    private final Supplier<Duration> staleGrace;
    private final Duration readTimeout;
    private final Duration writeTimeout;

    /** @param readTimeout the bound the pool puts on every statement, for messages */
    SqlTier(Database db, InstantSource clock, Supplier<Duration> staleGrace, Duration readTimeout) {
        this.db = db;
        this.clock = clock;
        this.staleGrace = staleGrace;
        this.readTimeout = readTimeout;
        Duration tenReads = readTimeout.multipliedBy(10);
        this.writeTimeout = tenReads.compareTo(MIN_WRITE_TIMEOUT) > 0 ? tenReads : MIN_WRITE_TIMEOUT;
        this.upsert = db.dialect().upsert("cache_entry", "cache_key", "cache_key", "namespace", "model",
                "model_version", "answer", "answered_by", "tokens_in", "tokens_out", "cost_usd", "created_at",
                "expires_at", "detail");
    }

    /** The database this tier is a table of; the semantic entries live beside it. */
    Database database() {
        return db;
    }

    @Override
    public Tier tier() {
        return Tier.L3;
    }

    @Override
    public CachedAnswer get(CacheKey key) {
        return select(key, clock.millis());
    }

    @Override
    public CachedAnswer getStale(CacheKey key, long expiredAfterMillis) {
        return select(key, expiredAfterMillis);
    }

    private CachedAnswer select(CacheKey key, long expiresAfter) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setString(1, key.value());
            ps.setLong(2, expiresAfter);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new CachedAnswer(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getDouble(5),
                        rs.getLong(6), rs.getLong(7), AnswerCodec.decodeChoices(rs.getString(8)));
            }
        } catch (SQLTransientConnectionException e) {
            throw busyOrDown(e);
        } catch (SQLException e) {
            throw failure(e, "read", readTimeout);
        }
    }

    /** A statement the database cancelled for its time (PostgreSQL and H2 both say 57014) says so in the reason. */
    private static TierFailure failure(SQLException e, String what, Duration limit) {
        if (e instanceof SQLTimeoutException || "57014".equals(e.getSQLState())) {
            // No cause: the tier's reason is the innermost message, and this one says more than the driver's.
            SQLTimeoutException t = new SQLTimeoutException("L3 " + what + " took longer than " + limit.toMillis()
                    + " ms and was cancelled (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                    + ")", e.getSQLState());
            t.addSuppressed(e);
            return new TierFailure(t);
        }
        return new TierFailure(e);
    }

    /**
     * HikariCP says "connection not available" both when every connection is busy and when none can be made; only
     * the second carries the failure that caused it, and only the second is an outage.
     */
    private static RuntimeException busyOrDown(SQLTransientConnectionException e) {
        return e.getCause() == null ? new TierBusy(e.getMessage()) : new TierFailure(e);
    }

    @Override
    public void putAll(List<PendingWrite> writes) {
        try {
            db.withStatementTimeout(writeTimeout, c -> {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(upsert)) {
                    for (PendingWrite w : writes) {
                        CacheKey k = w.key();
                        CachedAnswer a = w.answer();
                        ps.setString(1, k.value());
                        ps.setString(2, k.namespace());
                        ps.setString(3, k.model());
                        ps.setString(4, k.modelVersion());
                        ps.setString(5, a.answer());
                        ps.setString(6, a.model());
                        ps.setInt(7, a.tokensIn());
                        ps.setInt(8, a.tokensOut());
                        ps.setDouble(9, a.costUsd());
                        ps.setLong(10, a.createdAtMillis());
                        ps.setLong(11, a.expiresAtMillis());
                        ps.setString(12, AnswerCodec.encodeChoices(a.choices()));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    c.commit();
                    return null;
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            });
        } catch (SQLTransientConnectionException e) {
            throw busyOrDown(e);
        } catch (SQLException e) {
            throw failure(e, "write", writeTimeout);
        }
    }

    @Override
    public long invalidate(CacheKey key) {
        return update("DELETE FROM cache_entry WHERE cache_key = ?", key.value());
    }

    @Override
    public long invalidateVersion(String model, String version) {
        return update("DELETE FROM cache_entry WHERE model = ? AND model_version = ?", model, version);
    }

    @Override
    public long invalidateNamespace(String namespace) {
        return update("DELETE FROM cache_entry WHERE namespace = ?", namespace);
    }

    @Override
    public long flush() {
        return update("DELETE FROM cache_entry");
    }

    /** Deletes rows past their expiry and the stale grace after it; returns how many. */
    long purgeExpired() {
        return update("DELETE FROM cache_entry WHERE expires_at <= ?", clock.millis() - staleGrace.get().toMillis());
    }

    private long update(String sql, Object... params) {
        try {
            return db.withStatementTimeout(MAINTENANCE_TIMEOUT, c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < params.length; i++) {
                        ps.setObject(i + 1, params[i]);
                    }
                    return (long) ps.executeUpdate();
                }
            });
        } catch (SQLTransientConnectionException e) {
            throw busyOrDown(e);
        } catch (SQLException e) {
            throw failure(e, "delete", MAINTENANCE_TIMEOUT);
        }
    }

    /** Up means the table answers a read in time, not only the server: a locked table keeps the tier DOWN. */
    @Override
    public void probe() throws SQLException {
        db.ensureReady();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setString(1, "");
            ps.setLong(2, Long.MAX_VALUE);
            ps.executeQuery().close();
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
