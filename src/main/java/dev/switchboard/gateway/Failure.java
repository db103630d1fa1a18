package dev.switchboard.gateway;

import dev.switchboard.engine.error.BudgetExceededException;
import dev.switchboard.engine.error.EngineException;
import dev.switchboard.engine.error.GuardrailBlockedException;
import dev.switchboard.engine.error.InvalidRequestException;
import dev.switchboard.engine.error.ParseFailedException;
import dev.switchboard.engine.error.ProviderAuthException;
import dev.switchboard.engine.error.RateLimitedException;
import dev.switchboard.engine.error.StreamCutException;
import dev.switchboard.engine.error.TimedOutException;
import dev.switchboard.engine.error.UpstreamErrorException;
import dev.switchboard.engine.error.UpstreamRateLimitedException;
import dev.switchboard.engine.error.UpstreamRejectedException;
import dev.switchboard.engine.error.UpstreamUnavailableException;
import dev.switchboard.gateway.keys.KeyStoreUnavailableException;
import dev.switchboard.gateway.wire.WireException;
import java.time.Duration;

/**
 * An error as the gateway answers it: what kind it is (which fixes the HTTP status in each format, and the error
 * type and code), the message for the caller, the field at fault, and when to retry.
 *
 * @param param      the request field at fault (OpenAI's {@code param}), or null
 * @param retryAfter when a retry can succeed (sent as {@code Retry-After}), or null
 */
record Failure(Kind kind, String message, String param, Duration retryAfter) {

    /**
     * Every kind of error, with its HTTP status in the OpenAI and the Anthropic format (they differ only where
     * Anthropic has a status of its own: 529 for an overloaded upstream) and the OpenAI {@code code}: OpenAI's own
     * where it has one, else the engine's stable error kind.
     */
    enum Kind {
        INVALID_REQUEST(400, 400, null),
        UPSTREAM_REJECTED(400, 400, "upstream_rejected"),
        UNAUTHENTICATED(401, 401, "invalid_api_key"),
        FORBIDDEN(403, 403, "model_not_allowed"),
        MODEL_NOT_FOUND(404, 404, "model_not_found"),
        /** {@code /v1/route-suggest} asked about a name that is no route. */
        ROUTE_NOT_FOUND(404, 404, "route_not_found"),
        NOT_FOUND(404, 404, "unknown_url"),
        METHOD_NOT_ALLOWED(405, 405, "method_not_allowed"),
        TOO_LARGE(413, 413, "request_too_large"),
        RATE_LIMITED(429, 429, "rate_limit_exceeded"),
        BUDGET_EXCEEDED(429, 429, "insufficient_quota"),
        UPSTREAM_RATE_LIMITED(429, 429, "rate_limit_exceeded"),
        /** An input guard refused the request (OpenAI answers content it refuses with a 400 too). */
        GUARDRAIL_BLOCKED(400, 400, "guardrail_blocked"),
        INTERNAL(500, 500, "internal_error"),
        /** The model answered but its output could not be parsed into what the request expects. */
        PARSE_FAILED(502, 502, "parse_failed"),
        /** An output guard withheld the model's answer: the upstream's doing, not the caller's. */
        OUTPUT_BLOCKED(502, 502, "guardrail_blocked"),
        /** The gateway's own credentials for a provider were refused: not the caller's key, so not a 401. */
        PROVIDER_AUTH(502, 502, "provider_auth"),
        STREAM_CUT(502, 502, "stream_cut"),
        UNAVAILABLE(503, 529, "upstream_unavailable"),
        UPSTREAM_ERROR(503, 529, "upstream_error"),
        SHUTTING_DOWN(503, 503, "shutting_down"),
        KEYS_UNAVAILABLE(503, 503, "keys_unavailable"),
        TIMED_OUT(504, 504, "timed_out");

        final int openAiStatus;
        final int anthropicStatus;
        final String openAiCode;

        Kind(int openAiStatus, int anthropicStatus, String openAiCode) {
            this.openAiStatus = openAiStatus;
            this.anthropicStatus = anthropicStatus;
            this.openAiCode = openAiCode;
        }
    }

    /**
     * What {@code t} means for the caller; null for a caller who went away (nothing to answer).
     *
     * @param engineClosed whether the engine had begun closing (an IllegalStateException then means "shutting down")
     */
    static Failure of(Throwable t, boolean engineClosed) {
        return switch (t) {
            case Refusal r -> r.failure();
            case WireException w -> new Failure(switch (w.status()) {
                case 404 -> Kind.MODEL_NOT_FOUND;
                case 413 -> Kind.TOO_LARGE;
                default -> Kind.INVALID_REQUEST;
            }, w.getMessage(), w.field(), null);
            case EngineException e -> of(e);
            case KeyStoreUnavailableException k -> new Failure(Kind.KEYS_UNAVAILABLE,
                    "the gateway cannot check keys right now (its key database does not answer); retry shortly",
                    null, Duration.ofSeconds(1));
            case IllegalStateException i when engineClosed -> new Failure(Kind.SHUTTING_DOWN,
                    "the gateway is shutting down; retry on another instance or in a moment", null, null);
            default -> null;
        };
    }

    private static Failure of(EngineException e) {
        return switch (e) {
            case InvalidRequestException i -> "model".equals(i.field()) && i.reason().startsWith("unknown model")
                    ? new Failure(Kind.MODEL_NOT_FOUND, i.getMessage(), "model", null)
                    : new Failure(Kind.INVALID_REQUEST, i.getMessage(), i.field(), null);
            case RateLimitedException r -> new Failure(Kind.RATE_LIMITED, r.getMessage(), null, r.retryAfter());
            case BudgetExceededException b -> new Failure(Kind.BUDGET_EXCEEDED, b.getMessage(), null, b.retryAfter());
            case UpstreamRateLimitedException u -> new Failure(Kind.UPSTREAM_RATE_LIMITED, u.getMessage(), null,
                    u.retryAfter());
            case UpstreamRejectedException u -> new Failure(Kind.UPSTREAM_REJECTED, u.getMessage(), null, null);
            // Not the engine's message: that one is advice for the operator, and quotes the upstream's reply.
            case ProviderAuthException p -> new Failure(Kind.PROVIDER_AUTH, "the gateway's own credentials for "
                    + "provider '" + p.provider() + "' were refused upstream (HTTP " + p.status() + "); this is not "
                    + "about your key: the operator must fix the provider's api_key", null, null);
            case UpstreamUnavailableException u -> new Failure(Kind.UNAVAILABLE, u.getMessage(), null, null);
            case UpstreamErrorException u -> new Failure(Kind.UPSTREAM_ERROR, u.getMessage(), null, null);
            case TimedOutException x -> new Failure(Kind.TIMED_OUT, x.getMessage(), null, null);
            case StreamCutException s -> new Failure(Kind.STREAM_CUT, s.getMessage(), null, null);
            case GuardrailBlockedException g -> new Failure(g.output() ? Kind.OUTPUT_BLOCKED : Kind.GUARDRAIL_BLOCKED,
                    g.getMessage(), g.output() ? null : g.field(), null);
            case ParseFailedException p -> new Failure(Kind.PARSE_FAILED, p.getMessage(), null, null);
        };
    }

    int status(WireFormat format) {
        return format == WireFormat.ANTHROPIC ? kind.anthropicStatus : kind.openAiStatus;
    }

    /** {@code Retry-After} in whole seconds, rounded up, at least 1; null when there is nothing to wait for. */
    String retryAfterSeconds() {
        if (retryAfter == null) {
            return null;
        }
        long ms = Math.max(0, retryAfter.toMillis());
        return Long.toString(Math.max(1, (ms + 999) / 1000));
    }
}
