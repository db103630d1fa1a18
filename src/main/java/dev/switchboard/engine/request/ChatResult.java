package dev.switchboard.engine.request;

/**
 * The engine's answer to one request.
 *
 * @param model        the model whose answer this is (for a cache hit, the model that wrote the entry)
 * @param latencyNanos time spent inside the engine
 * @param costUsd      what this request cost (0 for a cache hit)
 * @param costSavedUsd what a cache hit saved: the price of the call it replaced (0 for a provider answer)
 * @param cacheKey     the exact-match key; null only when the request was never keyed
 * @param queuedNanos  time spent waiting for an upstream slot (part of {@code latencyNanos})
 * @param retries      provider calls retried for this request
 * @param route        why models before the answering one were skipped ({@code gpt-4o: breaker open until ...})
 * @param choices      the whole answer: every choice with its tool calls and finish reason; {@code answer} is the
 *                     first choice's text
 * @param output       the parsed value of an answer expected to be structured; null when nothing was expected
 * @param confidence   the answer's confidence in [0, 1] as its provider reported it (token log-probabilities); null
 *                     when it reported none, and for an answer from a cache
 * @param routed       how a request that named a route was answered; null for a request that named a model
 */
public record ChatResult(String answer, ServedBy servedBy, String model, long latencyNanos, int tokensIn,
                         int tokensOut, double costUsd, double costSavedUsd, CacheKey cacheKey, long queuedNanos,
                         int retries, java.util.List<String> route, java.util.List<Choice> choices,
                         StructuredOutput output, Double confidence, dev.switchboard.engine.route.Routed routed) {

    public ChatResult {
        route = route == null ? java.util.List.of() : java.util.List.copyOf(route);
        choices = java.util.List.copyOf(Choice.orPlain(choices, answer));
    }

    public ChatResult(String answer, ServedBy servedBy, String model, long latencyNanos, int tokensIn, int tokensOut,
                      double costUsd, double costSavedUsd, CacheKey cacheKey, long queuedNanos, int retries,
                      java.util.List<String> route, java.util.List<Choice> choices, StructuredOutput output) {
        this(answer, servedBy, model, latencyNanos, tokensIn, tokensOut, costUsd, costSavedUsd, cacheKey, queuedNanos,
                retries, route, choices, output, null, null);
    }

    public ChatResult(String answer, ServedBy servedBy, String model, long latencyNanos, int tokensIn, int tokensOut,
                      double costUsd, double costSavedUsd, CacheKey cacheKey, long queuedNanos, int retries,
                      java.util.List<String> route, java.util.List<Choice> choices) {
        this(answer, servedBy, model, latencyNanos, tokensIn, tokensOut, costUsd, costSavedUsd, cacheKey, queuedNanos,
                retries, route, choices, null);
    }

    public ChatResult(String answer, ServedBy servedBy, String model, long latencyNanos, int tokensIn, int tokensOut,
                      double costUsd, double costSavedUsd, CacheKey cacheKey, long queuedNanos, int retries,
                      java.util.List<String> route) {
        this(answer, servedBy, model, latencyNanos, tokensIn, tokensOut, costUsd, costSavedUsd, cacheKey, queuedNanos,
                retries, route, null);
    }

    /** True when a model other than the one asked for answered. */
    public boolean fellBack() {
        return !route.isEmpty() && servedBy == ServedBy.PROVIDER;
    }

    /** The same result as seen by another request that shared it. */
    public ChatResult sharedAs(ServedBy by, long latency, double saved) {
        return new ChatResult(answer, by, model, latency, tokensIn, tokensOut, 0, saved, cacheKey, 0, 0, route, choices,
                output, confidence, routed);
    }

    /**
     * This result with its first choice's text replaced ({@code answer}: a redacted or normalised text; the other
     * choices keep theirs), {@code notes} before its route, and what the parser made of it.
     */
    public ChatResult finished(String answer, java.util.List<String> notes, StructuredOutput output, double costUsd,
                               long latencyNanos) {
        java.util.List<Choice> cs = new java.util.ArrayList<>(choices);
        if (!cs.isEmpty() && !java.util.Objects.equals(answer, this.answer)) {
            cs.set(0, cs.get(0).withText(answer));
        }
        java.util.List<String> r = notes.isEmpty() ? route
                : java.util.stream.Stream.concat(notes.stream(), route.stream()).toList();
        return new ChatResult(answer, servedBy, model, latencyNanos, tokensIn, tokensOut, costUsd, costSavedUsd,
                cacheKey, queuedNanos, retries, r, cs, output, confidence, routed);
    }

    /** This result with another account of its routing. */
    public ChatResult withRouted(dev.switchboard.engine.route.Routed how) {
        return new ChatResult(answer, servedBy, model, latencyNanos, tokensIn, tokensOut, costUsd, costSavedUsd,
                cacheKey, queuedNanos, retries, route, choices, output, confidence, how);
    }

    /** This result with the provider's confidence in it. */
    public ChatResult withConfidence(Double c) {
        return new ChatResult(answer, servedBy, model, latencyNanos, tokensIn, tokensOut, costUsd, costSavedUsd,
                cacheKey, queuedNanos, retries, route, choices, output, c, routed);
    }

    /**
     * This result as a route's answer: what every call of the route cost together, the time the whole route took,
     * the route's reasons before the answer's own notes, and how it was decided.
     */
    public ChatResult asRouted(dev.switchboard.engine.route.Routed how, double totalCostUsd, long totalLatencyNanos) {
        java.util.List<String> r = how.reasons().isEmpty() ? route
                : java.util.stream.Stream.concat(how.reasons().stream().map(s -> "route " + how.route() + ": " + s),
                        route.stream()).toList();
        return new ChatResult(answer, servedBy, model, totalLatencyNanos, tokensIn, tokensOut, totalCostUsd,
                costSavedUsd, cacheKey, queuedNanos, retries, r, choices, output, confidence, how);
    }

    public double latencyMillis() {
        return latencyNanos / 1_000_000.0;
    }
}
