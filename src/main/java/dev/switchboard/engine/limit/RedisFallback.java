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
    private final String what;
    private final String localMeans;
    private volatile String failure;
    private volatile long retryAt;

    /**
     * @param what       e.g. "shared bucket model:gpt-4o"
     * @param localMeans what happens meanwhile, e.g. "limiting locally at 50% of the rate"
     */
    RedisFallback(Ticker ticker, String what, String localMeans) {
        this.ticker = ticker;
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
