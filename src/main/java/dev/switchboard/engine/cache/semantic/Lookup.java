package dev.switchboard.engine.cache.semantic;

/**
 * What the semantic index answered for one prompt.
 *
 * @param outcome    {@link Outcome#HIT}: serve {@code candidate}'s answer; {@link Outcome#REFUSED}: a candidate was
 *                   close but the acceptance rule said no; {@link Outcome#MISS}: nothing above the floor
 * @param candidate  the nearest live entry (null on a miss with an empty partition)
 * @param similarity its cosine similarity to the prompt (0 without a candidate)
 * @param reason     why it was refused: one of {@link #BELOW_THRESHOLD}, {@link #MARGIN} or a
 *                   {@link Verifier} check ({@code number}, {@code negation}, {@code antonym}, {@code entity},
 *                   {@code key_noun}); null unless refused
 */
public record Lookup(Outcome outcome, SemanticEntry candidate, double similarity, String reason) {
    /** The similarity, after the margin's penalty, was below the threshold. */
    public static final String BELOW_THRESHOLD = "below_threshold";
    /** Similar enough on its own, but another entry was nearly as close: ambiguous. */
    public static final String MARGIN = "margin";

    public enum Outcome { HIT, REFUSED, MISS }

    static Lookup miss(SemanticEntry nearest, double similarity) {
        return new Lookup(Outcome.MISS, nearest, similarity, null);
    }

    /** @return true when the candidate's answer may be served */
    public boolean hit() {
        return outcome == Outcome.HIT;
    }
}
