package dev.switchboard.engine.request;

/**
 * Where an answer came from: a cache tier, the semantic cache (an answer stored for a prompt that means the same),
 * the provider, an identical request in flight or just finished ({@code COALESCED}), or an expired cache entry
 * served because no model could answer ({@code STALE}).
 */
public enum ServedBy {
    // The ledger's journal writes the ordinal: new values go at the end.
    L1, L2, L3, PROVIDER, COALESCED, STALE, SEMANTIC;

    /** Answered from the cache, exact or semantic (not coalesced, not stale). */
    public boolean isCacheHit() {
        return isExactHit() || this == SEMANTIC;
    }

    /** Answered from an exact tier: the same request, byte for byte in what changes the answer. */
    public boolean isExactHit() {
        return this == L1 || this == L2 || this == L3;
    }

    /** Answered without a provider call of its own. */
    public boolean savedACall() {
        return this != PROVIDER;
    }
}
