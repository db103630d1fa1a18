package dev.switchboard.engine.cache;

import dev.switchboard.store.Failures;

/** A tier's I/O failed; {@link GuardedTier} catches it and marks the tier DOWN. Never leaves this package. */
final class TierFailure extends RuntimeException {
    TierFailure(Throwable cause) {
        // One clean line, not the driver's message: that may quote the batch's rows or the URL.
        super(Failures.oneLine(cause), cause);
    }
}
