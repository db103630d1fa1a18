package dev.switchboard.engine.request;

/**
 * Receives a streamed answer's deltas as they arrive, on the request's thread. Throwing (the caller went away)
 * stops the stream: the upstream connection is closed and the call is recorded as cut.
 */
@FunctionalInterface
public interface StreamObserver {
    void onDelta(StreamDelta delta);
}
