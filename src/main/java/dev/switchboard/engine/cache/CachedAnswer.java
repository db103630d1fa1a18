package dev.switchboard.engine.cache;

/**
 * A cached answer with what it cost to make, and when it expires in the tier that holds it (each tier has its
 * own TTL, so each holds its own copy of {@code expiresAtMillis}).
 *
 * @param model   the model that wrote the answer
 * @param costUsd what the provider call cost; a hit on this entry saves that much
 */
public record CachedAnswer(String answer, String model, int tokensIn, int tokensOut, double costUsd,
                           long createdAtMillis, long expiresAtMillis) {

    public CachedAnswer expiringAt(long expiresAt) {
        return new CachedAnswer(answer, model, tokensIn, tokensOut, costUsd, createdAtMillis, expiresAt);
    }

    public boolean isLive(long nowMillis) {
        return expiresAtMillis > nowMillis;
    }

    /** A rough heap footprint, for bounding L1 by bytes: two bytes a char plus object overheads. */
    int estimatedBytes() {
        return 96 + 2 * answer.length() + 2 * model.length();
    }
}
