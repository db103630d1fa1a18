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
 * @param byRule   findings acted on per rule ({@code pii.email}, {@code injection}, ...)
 * @param rules    the same split by mode, largest first
 */
public record GuardFigures(long takenAtMillis, long checks, long blocked, long redacted, long flagged,
                           Map<String, Long> byRule, List<RuleRow> rules) {
    public static final GuardFigures NONE = new GuardFigures(0, 0, 0, 0, 0, Map.of());

    public GuardFigures {
        byRule = Map.copyOf(byRule);
        rules = List.copyOf(rules);
    }

    /** With totals per rule only (no split by mode). */
    public GuardFigures(long takenAtMillis, long checks, long blocked, long redacted, long flagged,
                        Map<String, Long> byRule) {
        this(takenAtMillis, checks, blocked, redacted, flagged, byRule, List.of());
    }

    /** One rule's counts by what its guard did. */
    public record RuleRow(String rule, long blocked, long redacted, long flagged) {
        public long total() {
            return blocked + redacted + flagged;
        }
    }

    /** Per rule, what its guards did (from a snapshot's counts by rule and mode), largest first. */
    public static GuardFigures of(long takenAtMillis, long checks, long blocked, long redacted, long flagged,
                                  List<RuleRow> rules) {
        Map<String, Long> byRule = new java.util.LinkedHashMap<>();
        rules.forEach(r -> byRule.put(r.rule(), r.total()));
        return new GuardFigures(takenAtMillis, checks, blocked, redacted, flagged, byRule, rules);
    }

    /** Rules by count, largest first (then by name). */
    public List<Map.Entry<String, Long>> rulesByCount() {
        return byRule.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .toList();
    }
}
