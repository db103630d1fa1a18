package dev.switchboard.gateway.wire;

/**
 * A request body the gateway will not accept, with the JSON path of the field that is wrong
 * ({@code messages[2].content}) so the client can fix it without guessing. Each wire format renders it in its own
 * error shape; the message, {@code field: reason}, is the same for both.
 */
public final class WireException extends RuntimeException {
    private final String field;
    private final String reason;
    private final int status;

    /** A 400: the body is malformed or a field is invalid. {@code field} is null when the body as a whole is. */
    public WireException(String field, String reason) {
        this(400, field, reason);
    }

    private WireException(int status, String field, String reason) {
        super(field == null ? reason : field + ": " + reason);
        this.field = field;
        this.reason = reason;
        this.status = status;
    }

    /** The body is larger than the gateway accepts (413). */
    public static WireException tooLarge(String reason) {
        return new WireException(413, null, reason);
    }

    /** The request names something that does not exist, e.g. an unknown model (404). */
    public static WireException notFound(String field, String reason) {
        return new WireException(404, field, reason);
    }

    /** The JSON path of the offending field, e.g. {@code messages[1].role}; null when the whole body is at fault. */
    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }

    /** The HTTP status the gateway should answer with: 400 unless made by {@link #tooLarge} or {@link #notFound}. */
    public int status() {
        return status;
    }
}
