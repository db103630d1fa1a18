package dev.switchboard.engine.error;

/** The provider could not be reached at all for this model (outage, connection refused). */
public final class UpstreamUnavailableException extends EngineException {
    private final String model;

    public UpstreamUnavailableException(String model, String reason) {
        super("upstream_unavailable", "provider unavailable for " + model + ": " + reason + "; check the provider's status or fall back");
        this.model = model;
    }

    public String model() {
        return model;
    }
}
