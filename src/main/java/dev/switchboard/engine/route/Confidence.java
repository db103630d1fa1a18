package dev.switchboard.engine.route;

import java.util.Locale;

/** Where a cascade reads a stage's confidence in its answer from. */
public enum Confidence {
    /** The provider's token log-probabilities (exp of their mean); none for an answer with none. */
    LOGPROBS,
    /** 1 when the answer parsed as its schema expects, 0 when it did not. */
    PARSE,
    /** A number the answer reports itself, in a field of its parsed value ({@code field}). */
    FIELD,
    /** A second call: a verifier model asked how likely the answer is right. */
    VERIFIER;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the known sources */
    public static Confidence parse(String s) {
        for (Confidence c : values()) {
            if (c.configName().equals(s == null ? "" : s.strip().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown confidence source '" + s
                + "'; known: logprobs, parse, field, verifier");
    }
}
