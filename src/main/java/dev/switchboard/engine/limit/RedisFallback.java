package dev.switchboard.engine.limit;

import dev.switchboard.engine.clock.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a shared limit should use Redis right now: after a failure it goes local, says why, and tries Redis
 * again a second later. Logged once per outage, not once per request.
 */
final class RedisFallback {
    private static final Logger LOG = LoggerFactory.getLogger(RedisFallback.class);
    private static final long RETRY_NANOS = 1_000_000_000L;

    private final Ticker ticker;
    private final Runnable dropConnections;
    private final String what;
    private final String localMeans;
    private volatile String failure;
    private volatile long retryAt;

    /**
     * @param what       e.g. "shared bucket model:gpt-4o"
     * @param localMeans what happens meanwhile, e.g. "limiting locally at 50% of the rate"
     * @param dropConnections closes the pool's idle connections: after an outage every one of them is dead, and
     *                        discarding them one failed call at a time kept a limit local for a minute after
     *                        Redis was back
     */
    RedisFallback(Ticker ticker, Runnable dropConnections, String what, String localMeans) {
        this.ticker = ticker;
        this.dropConnections = dropConnections;
        this.what = what;
        this.localMeans = localMeans;
    }

    boolean useRedis() {
        return failure == null || ticker.read() >= retryAt;
    }

    void failed(RuntimeException e) {
        if (failure == null) {
            LOG.warn("{} lost Redis ({}); {}", what, e.getMessage(), localMeans);
        }
        failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        retryAt = ticker.read() + RETRY_NANOS;
        try {
            dropConnections.run();
        } catch (RuntimeException ignored) {
            // Best effort: the pool discards a dead connection on its next failed use anyway.
        }
    }

    void succeeded() {
        if (failure != null) {
            LOG.info("{} is back on Redis", what);
            failure = null;
        }
    }

    boolean isDown() {
        return failure != null;
    }

    BucketMode mode() {
        return failure == null ? BucketMode.SHARED : BucketMode.FALLBACK;
    }

    /** Empty while Redis works. */
    String reason() {
        String f = failure;
        return f == null ? "" : "Redis unreachable (" + f + "): " + localMeans;
    }
}
