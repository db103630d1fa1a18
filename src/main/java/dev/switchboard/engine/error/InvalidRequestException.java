package dev.switchboard.engine.error;

/** The request itself is wrong; retrying it unchanged will fail again. */
public final class InvalidRequestException extends EngineException {
    private final String field;
    private final String reason;

    public InvalidRequestException(String field, String reason) {
        super("invalid_request", "invalid request: " + field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
