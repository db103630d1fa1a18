package dev.switchboard.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.cache.semantic.SemanticSnapshot;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.replay.ReplayReport;
import dev.switchboard.workload.Workload;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The semantic cache with everything else on: a workload where a fifth of the requests are paraphrases of an
 * intent asked before. Paraphrases are answered by meaning, never across intents (the same question about another
 * subject is another intent), and every answer is still counted once in the ledger.
 */
class SemanticScenarioIT {
    @Test
    void paraphrasesAreAnsweredByMeaningAndNothingCrossesIntents() throws Exception {
        try (Scenario sc = new Scenario()) {
            Workload w = Scenario.workload(600, Duration.ofSeconds(3), false, Map.of("gpt-4o-mini", 1.0), 11);
            ReplayReport r;
            SemanticSnapshot s;
            try (Engine engine = Engine.start(sc.config(Map.of()))) {
                r = Scenario.replay(engine, w);
                s = engine.snapshot().semantic();
            }
            long semantic = r.served().getOrDefault(ServedBy.SEMANTIC, 0L);
            assertThat(r.failed()).as("failures by kind").isEmpty();
            assertThat(sc.answered(r)).isEqualTo(600);
            assertThat(semantic).as("paraphrases answered by meaning").isPositive();
            assertThat(r.falseHits()).as("answers served across intents").isZero();
            assertThat(s.hits()).isEqualTo(semantic);
            // A provider answer joins the index when its request was embedded: all but those that found every
            // embedding slot taken (a burst steps around the semantic cache rather than queue for it).
            long busy = s.skipped().getOrDefault(dev.switchboard.engine.cache.semantic.SemanticCache.SKIP_BUSY, 0L);
            assertThat(s.stored()).isPositive().isLessThanOrEqualTo(Scenario.providerAnswers(r));
            assertThat(s.stored() + busy).as("provider answers indexed, or skipped as busy")
                    .isGreaterThanOrEqualTo(Scenario.providerAnswers(r));
            assertThat(sc.answerRows()).as("every answer in the ledger, once").isEqualTo(600);
            assertThat(sc.queryLong("SELECT COUNT(*) FROM " + sc.id + ".ledger_event WHERE served_by = 'SEMANTIC'"))
                    .isEqualTo(semantic);
            assertThat(sc.queryLong("SELECT COUNT(*) FROM " + sc.id + ".semantic_entry"))
                    .as("every entry persisted beside its answer").isEqualTo(s.stored());
        }
    }
}
