package dev.switchboard.engine.limit;

import dev.switchboard.engine.error.RateLimitedException.Reason;

/** Why a plan check said no, and in how many milliseconds the window has room again. */
record Rejection(Reason reason, long retryAfterMillis) {
}
