package dev.switchboard.engine.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.switchboard.engine.request.CacheKey;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * L1: Caffeine in process memory, bounded by an estimate of the bytes held, each entry expiring at its own
 * {@link CachedAnswer#expiresAtMillis()}.
 */
final class MemoryTier implements CacheTier {
    private final Cache<CacheKey, CachedAnswer> cache;
    private final InstantSource clock;

    MemoryTier(long maxBytes, InstantSource clock, java.util.function.Supplier<java.time.Duration> staleGrace) {
        this.clock = clock;
        Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((CacheKey k, CachedAnswer v) -> v.estimatedBytes() + 2 * k.value().length() + 64)
                .expireAfter(new PerEntryExpiry(clock, staleGrace))
                .ticker(ticker)
                .build();
    }

    /**
     * Expiry follows the entry's own deadline, so a promoted entry keeps only its remaining lifetime; entries stay
     * the stale grace longer, for serving stale when nothing else can answer (reads ignore them till then).
     */
    private record PerEntryExpiry(InstantSource clock, java.util.function.Supplier<java.time.Duration> grace)
            implements Expiry<CacheKey, CachedAnswer> {
        @Override
        public long expireAfterCreate(CacheKey key, CachedAnswer value, long currentTime) {
            long keep = value.expiresAtMillis() + grace.get().toMillis() - clock.millis();
            return TimeUnit.MILLISECONDS.toNanos(Math.max(0, keep));
        }

        @Override
        public long expireAfterUpdate(CacheKey key, CachedAnswer value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(CacheKey key, CachedAnswer value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    @Override
    public Tier tier() {
        return Tier.L1;
    }

    @Override
    public CachedAnswer get(CacheKey key) {
        CachedAnswer a = cache.getIfPresent(key);
        return a != null && a.isLive(clock.millis()) ? a : null;
    }

    @Override
    public CachedAnswer getStale(CacheKey key, long expiredAfterMillis) {
        CachedAnswer a = cache.getIfPresent(key);
        return a != null && a.expiresAtMillis() > expiredAfterMillis ? a : null;
    }

    void put(CacheKey key, CachedAnswer answer) {
        cache.put(key, answer);
    }

    @Override
    public void putAll(List<PendingWrite> writes) {
        for (PendingWrite w : writes) {
            put(w.key(), w.answer());
        }
    }

    @Override
    public long invalidate(CacheKey key) {
        return cache.asMap().remove(key) != null ? 1 : 0;
    }

    @Override
    public long invalidateVersion(String model, String version) {
        return removeIf(k -> k.model().equals(model) && k.modelVersion().equals(version));
    }

    @Override
    public long invalidateNamespace(String namespace) {
        return removeIf(k -> k.namespace().equals(namespace));
    }

    @Override
    public long flush() {
        return removeIf(k -> true);
    }

    private long removeIf(Predicate<CacheKey> p) {
        long[] n = {0};
        cache.asMap().keySet().removeIf(k -> {
            boolean hit = p.test(k);
            if (hit) {
                n[0]++;
            }
            return hit;
        });
        return n[0];
    }

    /** Changes the byte bound at runtime; Caffeine evicts down to it. */
    void resize(long maxBytes) {
        cache.policy().eviction().ifPresent(e -> e.setMaximum(maxBytes));
    }

    long entries() {
        return cache.estimatedSize();
    }

    @Override
    public void probe() {
        // Memory is always there.
    }

    @Override
    public void close() {
        cache.invalidateAll();
    }
}
