package dev.switchboard.engine.error;

/** The provider answered with a server error (5xx); a later retry may succeed. */
public final class UpstreamErrorException extends EngineException {
    private final String model;
    private final int status;

    public UpstreamErrorException(String model, int status, String detail) {
        super("upstream_error", "provider error for " + model + ": HTTP " + status + " " + detail + "; retry later or pick another model");
        this.model = model;
        this.status = status;
    }

    public String model() {
        return model;
    }

    public int status() {
        return status;
    }
}
