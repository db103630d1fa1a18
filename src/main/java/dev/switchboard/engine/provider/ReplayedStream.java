package dev.switchboard.engine.provider;

import dev.switchboard.engine.request.StreamDelta;
import java.util.Iterator;

/**
 * A finished answer played back as a stream ({@link StreamDelta#replay}): for a provider with no streaming of its
 * own, such as the simulator.
 */
public final class ReplayedStream implements ProviderStream {
    private final ProviderResponse response;
    private final Iterator<StreamDelta> deltas;

    public ReplayedStream(ProviderResponse response) {
        this.response = response;
        this.deltas = StreamDelta.replay(response.choices()).iterator();
    }

    @Override
    public StreamDelta next() {
        return deltas.hasNext() ? deltas.next() : null;
    }

    @Override
    public ProviderResponse response() {
        return response;
    }

    @Override
    public void close() {
    }
}
