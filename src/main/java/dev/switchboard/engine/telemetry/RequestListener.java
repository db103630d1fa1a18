package dev.switchboard.engine.telemetry;

/**
 * Told of every request the engine finished, answered or failed, on the request's own thread: it must return at
 * once (count, or hand the event to a queue of its own), never block on I/O.
 */
@FunctionalInterface
public interface RequestListener {
    void onRequest(RequestEvent event);

    /**
     * Whether this listener reads the events' {@link RequestEvent#detail()}; while one registered listener does, the
     * request path records each request's steps and builds it. Only the request log's ring should: the detail may
     * hold prompt and answer text.
     */
    default boolean wantsDetail() {
        return false;
    }
}
