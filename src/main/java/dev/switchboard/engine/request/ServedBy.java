package dev.switchboard.engine.request;

/**
 * Where an answer came from: a cache tier, the provider, an identical request in flight or just finished
 * ({@code COALESCED}), or an expired cache entry served because no model could answer ({@code STALE}).
 */
public enum ServedBy {
    L1, L2, L3, PROVIDER, COALESCED, STALE;

    /** Answered from a cache tier (not coalesced, not stale). */
    public boolean isCacheHit() {
        return this == L1 || this == L2 || this == L3;
    }

    /** Answered without a provider call of its own. */
    public boolean savedACall() {
        return this != PROVIDER;
    }
}
