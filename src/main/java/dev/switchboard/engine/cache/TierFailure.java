package dev.switchboard.engine.cache;

/** A tier's I/O failed; {@link GuardedTier} catches it and marks the tier DOWN. Never leaves this package. */
final class TierFailure extends RuntimeException {
    TierFailure(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
