package dev.switchboard.engine.request;

/** Where an answer came from. */
public enum ServedBy {
    L1, L2, L3, PROVIDER;

    public boolean isCacheHit() {
        return this != PROVIDER;
    }
}
