package dev.switchboard.engine.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What the chain made of one answer.
 *
 * @param value        the accepted value, or null when every strategy failed
 * @param strategy     the strategy that produced it, or null
 * @param failures     the strategies that ran before it (or all of them) and why each failed
 * @param failedPath   where the last validation failed ({@code $.items[2].price}, {@code $}), or null when ok
 * @param failedReason why ({@code integer expected, got string}, {@code no JSON found}, {@code refusal}), or null
 */
public record Parsed(JsonNode value, Strategy strategy, List<Attempt> failures, String failedPath,
                     String failedReason) {
    /** The reason given when the model declined to answer. */
    public static final String REFUSAL = "refusal";

    public Parsed {
        failures = List.copyOf(failures);
    }

    public boolean ok() {
        return value != null;
    }

    /** True when the model refused rather than answered badly. */
    public boolean refusal() {
        return !ok() && REFUSAL.equals(failedReason);
    }

    /** Each failed strategy as {@code id: reason}, as {@link dev.switchboard.engine.error.ParseFailedException} takes them. */
    public List<String> tried() {
        return failures.stream().map(Attempt::toString).toList();
    }
}
