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
 */
public record ChatResult(String answer, ServedBy servedBy, String model, long latencyNanos, int tokensIn,
                         int tokensOut, double costUsd, double costSavedUsd, CacheKey cacheKey, long queuedNanos,
                         int retries, java.util.List<String> route, java.util.List<Choice> choices,
                         StructuredOutput output) {

    public ChatResult {
        route = route == null ? java.util.List.of() : java.util.List.copyOf(route);
        choices = java.util.List.copyOf(Choice.orPlain(choices, answer));
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
                output);
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
                cacheKey, queuedNanos, retries, r, cs, output);
    }

    public double latencyMillis() {
        return latencyNanos / 1_000_000.0;
    }
}
