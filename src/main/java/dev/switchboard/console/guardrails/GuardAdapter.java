package dev.switchboard.console.guardrails;

import dev.switchboard.engine.EngineSnapshot;
import dev.switchboard.engine.guard.GuardSnapshot;
import java.util.Comparator;
import java.util.List;

/**
 * The engine's guard figures in the console's words. The only place the console reads the guards' part of a
 * snapshot.
 */
public final class GuardAdapter {
    private GuardAdapter() {
    }

    /** The guard figures of {@code s}. */
    public static GuardFigures figures(EngineSnapshot s) {
        return of(s.guards(), s.takenAtMillis());
    }

    /** Whether any guard is on anywhere in {@code c} (the default rules or a namespace's, either direction). */
    public static boolean anyOn(dev.switchboard.engine.config.SwitchboardConfig c) {
        var g = GuardConfig.of(c);
        return g.input().anyOn() || g.output().anyOn() || g.namespaces().values().stream()
                .anyMatch(d -> d.input().anyOn() || d.output().anyOn());
    }

    /** {@code g} in the console's words; null (no guards in the snapshot) reads as nothing checked. */
    public static GuardFigures of(GuardSnapshot g, long takenAtMillis) {
        if (g == null) {
            return new GuardFigures(takenAtMillis, 0, 0, 0, 0, java.util.Map.of());
        }
        List<GuardFigures.RuleRow> rules = g.byRule().entrySet().stream()
                .map(e -> new GuardFigures.RuleRow(e.getKey(), e.getValue().blocked(), e.getValue().redacted(),
                        e.getValue().flagged()))
                .sorted(Comparator.comparingLong(GuardFigures.RuleRow::total).reversed()
                        .thenComparing(GuardFigures.RuleRow::rule))
                .toList();
        return GuardFigures.of(takenAtMillis, g.checks(), g.blocked(), g.redacted(), g.flagged(), rules);
    }
}
