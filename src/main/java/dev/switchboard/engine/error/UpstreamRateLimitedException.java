package dev.switchboard.engine.error;

import java.time.Duration;

/** The provider refused the call with 429; it may be retried after {@link #retryAfter()}. */
public final class UpstreamRateLimitedException extends EngineException {
    private final String model;
    private final Duration retryAfter;

    public UpstreamRateLimitedException(String model, Duration retryAfter) {
        super("upstream_rate_limited", "provider rate limit hit for " + model + " (HTTP 429); retry after " + retryAfter.toMillis() + " ms");
        this.model = model;
        this.retryAfter = retryAfter;
    }

    public String model() {
        return model;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
