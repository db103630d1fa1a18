package dev.switchboard.engine.cache;

import dev.switchboard.engine.request.CacheKey;
import dev.switchboard.store.RedisConnections;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * L2: Redis, shared by every engine instance. Keys are {@code sb:c:<cache key>}; Redis expires them itself
 * ({@code SET ... PX}). Invalidation by version or namespace scans with a pattern, which the key layout
 * ({@code model@version/namespace/hash}) makes exact.
 */
final class RedisTier implements CacheTier {
    static final String PREFIX = "sb:c:";
    private static final int SCAN_BATCH = 1000;

    private final JedisPooled redis;
    private final InstantSource clock;
    private final java.util.function.Supplier<java.time.Duration> staleGrace;

    RedisTier(JedisPooled redis, InstantSource clock, java.util.function.Supplier<java.time.Duration> staleGrace) {
        this.redis = redis;
        this.clock = clock;
        this.staleGrace = staleGrace;
    }

    private static byte[] redisKey(CacheKey key) {
        return (PREFIX + key.value()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Tier tier() {
        return Tier.L2;
    }

    @Override
    public CachedAnswer get(CacheKey key) {
        CachedAnswer a = read(key);
        return a != null && a.isLive(clock.millis()) ? a : null;
    }

    @Override
    public CachedAnswer getStale(CacheKey key, long expiredAfterMillis) {
        CachedAnswer a = read(key);
        return a != null && a.expiresAtMillis() > expiredAfterMillis ? a : null;
    }

    private CachedAnswer read(CacheKey key) {
        byte[] bytes;
        try {
            bytes = redis.get(redisKey(key));
        } catch (JedisException e) {
            throw busyOrDown(e);
        }
        if (bytes == null) {
            return null;
        }
        try {
            return AnswerCodec.decode(bytes);
        } catch (UncheckedIOException e) {
            // A corrupt or foreign value is a miss, not an outage; the next write replaces it.
            return null;
        }
    }

    @Override
    public void putAll(List<PendingWrite> writes) {
        long now = clock.millis();
        try (Pipeline p = pipeline()) {
            for (PendingWrite w : writes) {
                // Redis keeps the entry the stale grace past its expiry; reads check the expiry themselves.
                long ttl = w.answer().expiresAtMillis() + staleGrace.get().toMillis() - now;
                if (ttl > 0) {
                    p.set(redisKey(w.key()), AnswerCodec.encode(w.answer()), SetParams.setParams().px(ttl));
                }
            }
            p.sync();
        }
    }

    private Pipeline pipeline() {
        try {
            return redis.pipelined();
        } catch (JedisException e) {
            throw busyOrDown(e);
        }
    }

    /** Every pooled connection in use (the pool gave up waiting) is saturation, not an outage. */
    static RuntimeException busyOrDown(JedisException e) {
        return e.getCause() instanceof java.util.NoSuchElementException ? new TierBusy(e.getMessage()) : e;
    }

    @Override
    public long invalidate(CacheKey key) {
        return redis.del(redisKey(key));
    }

    @Override
    public long invalidateVersion(String model, String version) {
        return deleteMatching(PREFIX + CacheKey.versionPrefix(model, version) + "*");
    }

    @Override
    public long invalidateNamespace(String namespace) {
        return deleteMatching(PREFIX + "*/" + namespace + "/*");
    }

    @Override
    public long flush() {
        return deleteMatching(PREFIX + "*");
    }

    /** SCAN rather than KEYS, so a big keyspace never blocks Redis for the other instances. */
    private long deleteMatching(String pattern) {
        long removed = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams params = new ScanParams().match(pattern).count(SCAN_BATCH);
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            List<String> keys = page.getResult();
            if (!keys.isEmpty()) {
                removed += redis.unlink(keys.toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return removed;
    }

    /**
     * Runs only at start and while the tier is DOWN, when no request borrows a connection: the idle ones predate the
     * outage and may all be dead, so they go first and the ping (and every call after it) gets a new one. Otherwise
     * each probe would discard one dead connection and fail, and L2 would stay DOWN a probe per pooled connection.
     */
    @Override
    public void probe() {
        RedisConnections.dropIdle(redis);
        redis.ping();
    }

    /** The pool, for tests that fill it. */
    JedisPooled pool() {
        return redis;
    }

    @Override
    public void close() {
        redis.close();
    }
}
