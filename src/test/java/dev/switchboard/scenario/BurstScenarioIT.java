package dev.switchboard.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.Engine;
import dev.switchboard.replay.ReplayReport;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Admission's headline with everything on: a burst of distinct requests at six times what the upstream allows.
 * Every request is answered or refused by admission (queue deadline or full queue), the upstream never sees more
 * than its limit, and resilience stays out of it: no breaker opens, nothing is unavailable or timed out.
 */
class BurstScenarioIT {
    @Test
    void aBurstIsQueuedOrRefusedByAdmissionAndNeverBreaksTheUpstreamLimit() throws Exception {
        try (Scenario sc = new Scenario()) {
            ReplayReport r;
            long answered;
            try (Engine engine = Engine.start(sc.config(Map.of()))) {
                r = Scenario.replay(engine, Scenario.workload(600, Duration.ofMillis(500), true,
                        Map.of("gpt-4o-mini", 1.0), 7));
                answered = sc.answered(r);
            }
            assertThat(r.requests()).isEqualTo(600);
            assertThat(r.upstreamViolations()).as("calls over the upstream's own limit").isZero();
            assertThat(r.failed()).as("failures by kind").containsOnlyKeys("rate_limited");
            assertThat(r.rateLimited().keySet()).isSubsetOf("queue_deadline", "queue_full");
            assertThat(answered + r.failed().get("rate_limited")).isEqualTo(600);
            // 95 slots a second for the 0.5 s burst and the 2 s queue: the queue did its work.
            assertThat(answered).isGreaterThan(150);
            assertThat(r.resilience().breakerTransitions()).isZero();
            assertThat(sc.answerRows()).as("every answer in the ledger, once").isEqualTo(answered);
            // Every call that reached the provider is in the ledger: answered, or failed (none expected, but a
            // call descheduled past its time limit on a loaded machine is a call all the same).
            assertThat(sc.failedCallRows()).as("failed calls in the ledger")
                    .isEqualTo(r.providerCalls() - Scenario.providerAnswers(r));
        }
    }
}
