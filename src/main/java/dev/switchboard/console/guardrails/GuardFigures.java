package dev.switchboard.console.guardrails;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What the console shows of the guards, at one snapshot, in its own words: {@link GuardAdapter} builds it from
 * the engine's snapshot, the tile and the Guardrails tab draw it.
 *
 * @param checks   texts checked (inputs and outputs)
 * @param blocked  requests or answers refused
 * @param redacted texts changed (the matches replaced)
 * @param flagged  texts let through and marked
 * @param byRule   findings per rule ({@code pii.email}, {@code injection}, ...)
 */
public record GuardFigures(long takenAtMillis, long checks, long blocked, long redacted, long flagged,
                           Map<String, Long> byRule) {
    public static final GuardFigures NONE = new GuardFigures(0, 0, 0, 0, 0, Map.of());

    public GuardFigures {
        byRule = Map.copyOf(byRule);
    }

    /** Rules by count, largest first (then by name). */
    public List<Map.Entry<String, Long>> rulesByCount() {
        return byRule.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .toList();
    }
}
