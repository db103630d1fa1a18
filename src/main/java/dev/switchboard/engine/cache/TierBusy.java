package dev.switchboard.engine.cache;

/** A tier is up but had no capacity for this call in time (e.g. every pooled connection busy): skip, don't mark DOWN. */
final class TierBusy extends RuntimeException {
    TierBusy(String message) {
        super(message, null, false, false);
    }
}
