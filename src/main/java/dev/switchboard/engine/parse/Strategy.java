package dev.switchboard.engine.parse;

import java.util.Arrays;
import java.util.List;

/** The output-parsing strategies, in the order the default chain runs them (config ids in brackets). */
public enum Strategy {
    /** The whole answer is the JSON value ({@code strict_json}). */
    STRICT_JSON("strict_json"),
    /** JSON inside the answer: a fenced block or the first balanced value in prose, with common repairs ({@code extracted_json}). */
    EXTRACTED_JSON("extracted_json"),
    /** {@code key: value} lines, with the keys named exactly as expected ({@code key_value}). */
    KEY_VALUE("key_value"),
    /** Other delimiters, bullets, bold keys and tables, keys matched ignoring case and spaces ({@code flexible}). */
    FLEXIBLE("flexible"),
    /** Ask the model again; the caller does it, the parser skips it ({@code reprompt}). */
    REPROMPT("reprompt");

    /** Every strategy in chain order: the default chain. */
    public static final List<Strategy> ALL = List.of(values());

    private final String id;

    Strategy(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** @throws IllegalArgumentException for an unknown id, naming the known ones */
    public static Strategy fromId(String id) {
        for (Strategy s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + id + "'; known: "
                + Arrays.stream(values()).map(Strategy::id).toList());
    }
}
