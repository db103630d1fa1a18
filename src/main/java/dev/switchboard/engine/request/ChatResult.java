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
 */
public record ChatResult(String answer, ServedBy servedBy, String model, long latencyNanos, int tokensIn,
                         int tokensOut, double costUsd, double costSavedUsd, CacheKey cacheKey, long queuedNanos) {

    public double latencyMillis() {
        return latencyNanos / 1_000_000.0;
    }
}
