package dev.switchboard.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.Engine;
import dev.switchboard.replay.ReplayReport;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Resilience's headline with everything on: the primary model down for a second of a two-second run, 5% errors on
 * its first fallback. Breakers open and skip it, retries and the chain answer: at least 99.9% answered.
 */
class ChaosScenarioIT {
    @Test
    void thePrimaryDownAndAFlakyFallbackStillAnswerAlmostEverything() throws Exception {
        try (Scenario sc = new Scenario()) {
            Map<String, String> sections = Map.of(
                    "simulated", """
                            simulated:
                              latency: {median: 5ms, p99: 30ms}
                              model_error_rates:
                                claude-3-5-haiku: 0.05
                              outages:
                                - {model: gpt-4o-mini, start: 300ms, end: 1300ms}
                            """,
                    "limits", """
                            limits:
                              plans:
                                free: {per_minute: 100000}
                              upstream:
                                default: {rate: 2000, capacity: 100}
                            """);
            ReplayReport r;
            long answered;
            try (Engine engine = Engine.start(sc.config(sections))) {
                r = Scenario.replay(engine, Scenario.workload(2000, Duration.ofSeconds(2), false,
                        Map.of("gpt-4o-mini", 1.0), 11));
                answered = sc.answered(r);
            }
            assertThat(r.requests()).isEqualTo(2000);
            assertThat((double) answered / r.requests()).as("answered share").isGreaterThanOrEqualTo(0.999);
            assertThat(r.resilience().fellBack()).as("requests a fallback answered").isPositive();
            assertThat(r.resilience().breakerTransitions()).as("the primary's breaker opened").isPositive();
            assertThat(r.upstreamViolations()).isZero();
            assertThat(sc.answerRows()).as("every answer in the ledger").isEqualTo(answered);
            assertThat(sc.failedCallRows()).as("the flaky fallback's 503s are calls too").isPositive();
        }
    }
}
