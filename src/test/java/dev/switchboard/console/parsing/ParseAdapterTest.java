package dev.switchboard.console.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.console.guardrails.GuardAdapter;
import dev.switchboard.console.guardrails.GuardFigures;
import dev.switchboard.engine.guard.GuardSnapshot;
import dev.switchboard.engine.parse.ParseSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's snapshots in the console's words, as the tiles and tabs get them. */
class ParseAdapterTest {
    @Test
    void aParseSnapshotBecomesFiguresWithUntimedStrategiesAsNoTime() {
        ParseSnapshot p = new ParseSnapshot(List.of(new ParseSnapshot.StrategyRow("strict_json", 10, 7, 3, 12, 40),
                new ParseSnapshot.StrategyRow("reprompt", 1, 1, 0, 0, 0)),
                List.of(new ParseSnapshot.ExpectationRow("order", 10, 8, 0, 1, 1_500, 0)), 10, 8, 1, 0, 1_500);
        ParseFigures f = ParseAdapter.of(p, 5_000, true);
        assertThat(f.takenAtMillis()).isEqualTo(5_000);
        assertThat(f.strategy("strict_json").p50Micros()).isEqualTo(12);
        assertThat(f.strategy("reprompt").p50Micros()).isNaN();
        assertThat(f.schemas()).containsExactly(new ParseFigures.SchemaRow("order", 10, 8, 0, 1, 1_500));
        assertThat(f.parsedShare()).isEqualTo(0.8);
        assertThat(ParseAdapter.of(null, 1, false).answers()).isZero();
    }

    @Test
    void aGuardSnapshotBecomesRulesLargestFirst() {
        GuardSnapshot g = new GuardSnapshot(50, 2, 6, 1, Map.of("pii.email", new GuardSnapshot.RuleCounts(0, 5, 0),
                "injection.ignore_instructions", new GuardSnapshot.RuleCounts(2, 0, 1),
                "pii.card", new GuardSnapshot.RuleCounts(0, 1, 0)), 3, 9);
        GuardFigures f = GuardAdapter.of(g, 7_000);
        assertThat(f.rules()).extracting(GuardFigures.RuleRow::rule).containsExactly("pii.email",
                "injection.ignore_instructions", "pii.card");
        assertThat(f.byRule()).containsEntry("injection.ignore_instructions", 3L);
        assertThat(f.blocked()).isEqualTo(2);
    }
}
