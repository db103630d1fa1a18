package dev.switchboard.engine.cache;

import dev.switchboard.engine.request.ServedBy;

/** The exact-match cache tiers, fastest first. */
public enum Tier {
    L1(ServedBy.L1), L2(ServedBy.L2), L3(ServedBy.L3);

    private final ServedBy servedBy;

    Tier(ServedBy servedBy) {
        this.servedBy = servedBy;
    }

    public ServedBy servedBy() {
        return servedBy;
    }
}
