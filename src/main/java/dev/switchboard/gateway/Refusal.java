package dev.switchboard.gateway;

import java.time.Duration;

/** The gateway's own refusal of a request (no key, a model the key may not use, a path it does not serve...). */
final class Refusal extends RuntimeException {
    private final Failure.Kind kind;
    private final String param;
    private final Duration retryAfter;

    Refusal(Failure.Kind kind, String message) {
        this(kind, message, null, null);
    }

    Refusal(Failure.Kind kind, String message, String param, Duration retryAfter) {
        super(message, null, false, false);
        this.kind = kind;
        this.param = param;
        this.retryAfter = retryAfter;
    }

    Failure failure() {
        return new Failure(kind, getMessage(), param, retryAfter);
    }
}
