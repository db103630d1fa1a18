package dev.switchboard.gateway.keys;

/**
 * The key store's database could not answer (down, timed out, or the schema could not be migrated). The message
 * names the database with its password masked and the driver's reason on one line ({@code store.Failures}); the
 * driver's exception is not chained, since its message may quote the statement's values. The gateway answers 503,
 * not 401: the key may well be good.
 */
public final class KeyStoreUnavailableException extends RuntimeException {
    public KeyStoreUnavailableException(String message) {
        super(message);
    }
}
