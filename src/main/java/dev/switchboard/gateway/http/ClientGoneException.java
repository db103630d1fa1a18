package dev.switchboard.gateway.http;

/**
 * The caller closed its connection before its answer was complete. Thrown from {@link EventStream#send} so a
 * streamed call stops at once (the engine closes the upstream) instead of producing bytes nobody reads.
 */
public final class ClientGoneException extends RuntimeException {
    public ClientGoneException(String message) {
        super(message, null, false, false);
    }
}
