package dev.switchboard.engine.cache;

/** An operator's action could not reach a tier; the message says which and why. */
public final class TierUnavailableException extends RuntimeException {
    private final Tier tier;

    public TierUnavailableException(Tier tier, String reason) {
        super(tier + " is DOWN: " + reason);
        this.tier = tier;
    }

    public Tier tier() {
        return tier;
    }
}
