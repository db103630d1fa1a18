package dev.switchboard.engine.cache;

import dev.switchboard.engine.cache.semantic.SemanticEntry;
import dev.switchboard.engine.cache.semantic.SemanticStore;
import dev.switchboard.engine.request.CacheKey;
import dev.switchboard.store.Database;
import dev.switchboard.store.Failures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The semantic entries in L3's database, beside {@code cache_entry}: written in batches by one thread (a lost write
 * costs one semantic hit, never a request's time), read at start and when another instance announces an entry.
 */
final class SqlSemanticStore implements SemanticStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqlSemanticStore.class);
    private static final int CAPACITY = 10_000;
    private static final int BATCH = 256;
    private static final String COLUMNS = "cache_key, partition_key, prompt, vector, created_at, expires_at";

    private record Pending(SemanticEntry entry, Consumer<String> written) {
    }

    private final Database db;
    private final String upsert;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final LongAdder dropped = new LongAdder();
    private final Thread writer;
    private volatile boolean running = true;

    SqlSemanticStore(Database db) {
        this.db = db;
        this.upsert = db.dialect().upsert("semantic_entry", "cache_key", "cache_key", "partition_key", "namespace",
                "model", "model_version", "prompt", "vector", "created_at", "expires_at");
        this.writer = Thread.ofPlatform().name("sb-semantic-writer").daemon().start(this::drain);
    }

    @Override
    public void save(SemanticEntry e, Consumer<String> written) {
        if (!running || !queue.offer(new Pending(e, written))) {
            dropped.increment();
        }
    }

    private void drain() {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(upsert)) {
            for (Pending p : batch) {
                SemanticEntry e = p.entry();
                CacheKey k = CacheKey.parse(e.cacheKey());
                ps.setString(1, e.cacheKey());
                ps.setString(2, e.partition());
                ps.setString(3, k.namespace());
                ps.setString(4, k.model());
                ps.setString(5, k.modelVersion());
                ps.setString(6, e.prompt());
                ps.setBytes(7, bytes(e.vector()));
                ps.setLong(8, e.createdAtMillis());
                ps.setLong(9, e.expiresAtMillis());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException | RuntimeException e) {
            dropped.add(batch.size());
            LOG.warn("semantic entries not written to L3 ({} of them): {}", batch.size(), Failures.oneLine(e));
            return;
        }
        for (Pending p : batch) {
            if (p.written() != null) {
                p.written().accept(p.entry().cacheKey());
            }
        }
    }

    @Override
    public List<SemanticEntry> loadLive(long nowMillis) {
        return select("SELECT " + COLUMNS + " FROM semantic_entry WHERE expires_at > ?", nowMillis, null);
    }

    @Override
    public SemanticEntry load(String cacheKey, long nowMillis) {
        List<SemanticEntry> one = select("SELECT " + COLUMNS + " FROM semantic_entry WHERE expires_at > ? AND "
                + "cache_key = ?", nowMillis, cacheKey);
        return one.isEmpty() ? null : one.get(0);
    }

    private List<SemanticEntry> select(String sql, long now, String key) {
        List<SemanticEntry> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            if (key != null) {
                ps.setString(2, key);
            }
            ps.setFetchSize(1_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // Ids are the index's to give: 0 here, set by the caller.
                    out.add(new SemanticEntry(0, rs.getString(2), rs.getString(3), floats(rs.getBytes(4)),
                            rs.getString(1), rs.getLong(5), rs.getLong(6)));
                }
            }
        } catch (SQLException e) {
            throw new TierUnavailableException(Tier.L3, "semantic entries could not be read: "
                    + Failures.oneLine(e));
        }
        return out;
    }

    @Override
    public void delete(String cacheKey) {
        update("DELETE FROM semantic_entry WHERE cache_key = ?", cacheKey);
    }

    @Override
    public void deleteVersion(String model, String version) {
        update("DELETE FROM semantic_entry WHERE model = ? AND model_version = ?", model, version);
    }

    @Override
    public void deleteNamespace(String namespace) {
        update("DELETE FROM semantic_entry WHERE namespace = ?", namespace);
    }

    @Override
    public void deleteAll() {
        update("DELETE FROM semantic_entry");
    }

    @Override
    public long purgeExpired(long nowMillis) {
        return update("DELETE FROM semantic_entry WHERE expires_at <= ?", nowMillis);
    }

    private long update(String sql, Object... args) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new TierUnavailableException(Tier.L3, "semantic entries could not be changed: "
                    + Failures.oneLine(e));
        }
    }

    @Override
    public long pending() {
        return queue.size();
    }

    /** Writes what is queued (the writer drains before it stops), then stops. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static byte[] bytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    static float[] floats(byte[] b) {
        float[] v = new float[b.length / Float.BYTES];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
