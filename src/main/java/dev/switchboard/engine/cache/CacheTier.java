package dev.switchboard.engine.cache;

import dev.switchboard.engine.request.CacheKey;
import java.util.List;

/**
 * One storage tier. Implementations do the I/O and throw on failure; {@link GuardedTier} turns failures into a
 * DOWN state, counters and skips, so no tier failure ever reaches a request.
 */
interface CacheTier extends AutoCloseable {
    Tier tier();

    /** @return the live entry, or null */
    CachedAnswer get(CacheKey key);

    /**
     * An entry even if expired, as long as it expired after {@code expiredAfterMillis}: the stale answer served
     * when no model can answer. Tiers keep entries that long past their expiry (the stale grace).
     */
    CachedAnswer getStale(CacheKey key, long expiredAfterMillis);

    /** Writes entries, each with its own expiry. */
    void putAll(List<PendingWrite> writes);

    long invalidate(CacheKey key);

    long invalidateVersion(String model, String version);

    long invalidateNamespace(String namespace);

    long flush();

    /** Throws unless the tier answers; used to notice that a DOWN tier is back. */
    void probe() throws Exception;

    @Override
    void close();

    /** A write waiting for its tier. */
    record PendingWrite(CacheKey key, CachedAnswer answer) {
    }
}
