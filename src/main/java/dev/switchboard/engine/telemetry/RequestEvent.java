package dev.switchboard.engine.telemetry;

import dev.switchboard.engine.request.ServedBy;
import java.util.List;

/**
 * One request's outcome as the request path hands it to its {@link RequestListener}s (monitors, the audit trail,
 * request logs): who asked for what, what answered or why nothing did, how long it took and what it cost. It holds
 * no prompt and no answer text, but for its {@code detail}, which only the listeners that {@linkplain
 * RequestListener#wantsDetail() ask for it} get built and read (the request log's ring).
 *
 * @param requestId  the caller's id for the request (the gateway's), or null
 * @param user       who asked (for the audit and logs; never a metrics label)
 * @param model      the model that answered; null for a failure
 * @param servedBy   where the answer came from; null for a failure
 * @param outcome    {@value #OK}, or the failure's kind ({@code timed_out}, {@code parse_failed}, ...)
 * @param costMicros what the request cost, re-prompts included
 * @param route      the result's route notes (fallbacks, guard verdicts, semantic matches); empty for a failure
 * @param detail     the cache key, the steps' timeline and, where kept, the text; null unless a listener wants it
 */
public record RequestEvent(long atMillis, String requestId, String namespace, String user, String plan, String modelAsked, String model,
                           ServedBy servedBy, String outcome, long latencyNanos, long costMicros, int tokensIn,
                           int tokensOut, List<String> route, RequestDetail detail) {
    public static final String OK = "ok";

    public RequestEvent {
        route = route == null ? List.of() : List.copyOf(route);
    }

    /** An event without detail. */
    public RequestEvent(long atMillis, String requestId, String namespace, String user, String plan, String modelAsked,
                        String model, ServedBy servedBy, String outcome, long latencyNanos, long costMicros,
                        int tokensIn, int tokensOut, List<String> route) {
        this(atMillis, requestId, namespace, user, plan, modelAsked, model, servedBy, outcome, latencyNanos,
                costMicros, tokensIn, tokensOut, route, null);
    }

    /** An event without a caller's request id (tests, tools). */
    public RequestEvent(long atMillis, String namespace, String user, String plan, String modelAsked, String model,
                        ServedBy servedBy, String outcome, long latencyNanos, long costMicros, int tokensIn,
                        int tokensOut, List<String> route) {
        this(atMillis, null, namespace, user, plan, modelAsked, model, servedBy, outcome, latencyNanos, costMicros,
                tokensIn, tokensOut, route, null);
    }

    public boolean failed() {
        return !OK.equals(outcome);
    }
}
