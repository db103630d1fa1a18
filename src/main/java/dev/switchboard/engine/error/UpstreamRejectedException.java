package dev.switchboard.engine.error;

/**
 * The upstream refused the request as malformed (HTTP 400, 404, 422): the request's own fault, so it is neither
 * retried, nor failed over, nor counted against the model's breaker. The upstream's own message is kept.
 */
public final class UpstreamRejectedException extends EngineException {
    private final String model;
    private final int status;
    private final String upstreamMessage;

    public UpstreamRejectedException(String model, int status, String upstreamMessage) {
        super("upstream_rejected", "the provider of " + model + " rejected the request (HTTP " + status + "): "
                + upstreamMessage);
        this.model = model;
        this.status = status;
        this.upstreamMessage = upstreamMessage;
    }

    public String model() {
        return model;
    }

    public int status() {
        return status;
    }

    public String upstreamMessage() {
        return upstreamMessage;
    }
}
