package dev.switchboard.engine.cache;

import dev.switchboard.engine.request.CacheKey;
import dev.switchboard.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.InstantSource;
import java.util.List;

/**
 * L3: one table in PostgreSQL or the embedded H2 file, through the same JDBC code. Expired rows are ignored on
 * read and deleted by {@link #purgeExpired()}, which the engine runs in the background.
 */
final class SqlTier implements CacheTier {
    private static final String COLUMNS = "answer, answered_by, tokens_in, tokens_out, cost_usd, created_at, expires_at";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM cache_entry WHERE cache_key = ? AND expires_at > ?";

    private final Database db;
    private final InstantSource clock;
    private final String upsert;
    private final java.util.function.Supplier<java.time.Duration> staleGrace;

    SqlTier(Database db, InstantSource clock, java.util.function.Supplier<java.time.Duration> staleGrace) {
        this.db = db;
        this.clock = clock;
        this.staleGrace = staleGrace;
        this.upsert = db.dialect().upsert("cache_entry", "cache_key", "cache_key", "namespace", "model",
                "model_version", "answer", "answered_by", "tokens_in", "tokens_out", "cost_usd", "created_at",
                "expires_at");
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
                        rs.getLong(6), rs.getLong(7));
            }
        } catch (SQLTransientConnectionException e) {
            throw busyOrDown(e);
        } catch (SQLException e) {
            throw new TierFailure(e);
        }
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
        try (Connection c = db.dataSource().getConnection()) {
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
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLTransientConnectionException e) {
            throw busyOrDown(e);
        } catch (SQLException e) {
            throw new TierFailure(e);
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
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLTransientConnectionException e) {
            throw busyOrDown(e);
        } catch (SQLException e) {
            throw new TierFailure(e);
        }
    }

    @Override
    public void probe() throws SQLException {
        db.ensureReady();
    }

    @Override
    public void close() {
        db.close();
    }
}
