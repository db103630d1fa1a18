package dev.switchboard.engine.request;

/**
 * Receives a streamed answer's deltas as they arrive, on the request's thread. Throwing (the caller went away)
 * stops the stream: the upstream connection is closed and the call is recorded as cut.
 */
@FunctionalInterface
public interface StreamObserver {
    void onDelta(StreamDelta delta);

    /**
     * Called once, before the first delta, when it is known where the answer comes from: a cache tier (replayed),
     * the provider (streamed as it arrives) or a stale entry. Lets a caller send that in its response's headers,
     * which must go out before the first delta. Never called for a request that fails before its first delta.
     *
     * @param key the request's exact-match key
     */
    default void onStart(ServedBy servedBy, CacheKey key) {
    }
}
