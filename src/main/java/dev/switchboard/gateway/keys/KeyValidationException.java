package dev.switchboard.gateway.keys;

/**
 * A key cannot be created as asked. The message reads {@code field: reason}, e.g. {@code owner: is required}, so the
 * CLI and the console can point at the field ({@link #field()}: {@code owner}, {@code name}, {@code plan},
 * {@code budget} or {@code models}).
 */
public final class KeyValidationException extends IllegalArgumentException {
    private final String field;
    private final String reason;

    public KeyValidationException(String field, String reason) {
        super(field + ": " + reason);
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
