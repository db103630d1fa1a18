package dev.switchboard.engine.telemetry;

/**
 * Told of every request the engine finished, answered or failed, on the request's own thread: it must return at
 * once (count, or hand the event to a queue of its own), never block on I/O.
 */
@FunctionalInterface
public interface RequestListener {
    void onRequest(RequestEvent event);
}
