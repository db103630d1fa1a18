package dev.switchboard.engine.provider;

import dev.switchboard.engine.request.StreamDelta;

/**
 * A streamed answer that has started: {@link Provider#stream} returns one only once the upstream's first event
 * arrived, so everything that can go wrong before the first byte (and be retried or failed over) has been thrown
 * by then. Read it on one thread.
 */
public interface ProviderStream extends AutoCloseable {
    /**
     * The next delta, or null once the stream completed normally.
     *
     * @throws dev.switchboard.engine.error.StreamCutException when the stream broke before its end
     */
    StreamDelta next();

    /** The whole answer with the upstream's usage (or an estimate where it sent none); only after the end. */
    ProviderResponse response();

    /** Releases the connection; safe at any time and more than once. */
    @Override
    void close();
}
