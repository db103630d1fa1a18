package dev.switchboard.engine.error;

import java.time.Duration;

/**
 * Admission said no: the user's plan window is full, the user is locked out, or no upstream capacity is to be
 * had within the request's deadline. {@link #retryAfter()} says when trying again can succeed.
 */
public final class RateLimitedException extends EngineException {
    /** Why, as counted in reports. */
    public enum Reason {
        PLAN_MINUTE, PLAN_HOUR, MODEL_CAP, LOCKED_OUT, QUEUE_FULL, QUEUE_DEADLINE, UPSTREAM_429;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;
    private final Duration retryAfter;

    public RateLimitedException(Reason reason, Duration retryAfter, String what) {
        super("rate_limited", "rate limited (" + reason.key() + "): " + what + "; retry after " + retryAfter.toMillis() + " ms");
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
