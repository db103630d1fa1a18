package dev.switchboard.engine.error;

/**
 * A streamed answer broke after its first bytes had gone to the caller: too late to retry or fail over, so the
 * caller gets an error event instead of a finish that looks complete. Nothing of it is cached.
 */
public final class StreamCutException extends EngineException {
    private final String model;

    public StreamCutException(String model, String detail) {
        super("stream_cut", "the stream from " + model + " broke before its end: " + detail
                + "; the answer is incomplete, send the request again");
        this.model = model;
    }

    public String model() {
        return model;
    }
}
