package dev.switchboard.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.engine.Engine;
import dev.switchboard.replay.ReplayReport;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.TcpProxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL (L3 and the ledger) cut off behind a proxy in the middle of a run and reconnected: no request fails,
 * the ledger keeps every answer in its journal meanwhile and writes it afterwards, once; the report's total is the
 * replay's cost.
 */
class PostgresCutScenarioIT {
    /*
     * The scenario's resilience with a 10 s deadline instead of 3 s: this test is about the ledger and the tiers
     * across a PostgreSQL cut, and on a slow shared machine (CPU per request up by half) requests queued for the
     * 95/s upstream bucket behind the cut's L3 timeouts ran past 3 s and failed as queue_deadline.
     */
    private static final String SLOW_MACHINE_RESILIENCE = """
            resilience:
              timeout: 1s
              deadline: 10s
              breaker: {failure_rate: 50, window: 10, min_calls: 5, open_for: 1s}
              retry: {max_attempts: 3, base: 10ms, cap: 50ms}
              fallbacks:
                gpt-4o-mini: [claude-3-5-haiku, gpt-4o]
              dedup_window: 1s
            """;

    @Test
    void postgresCutAndBackLosesNoAnswerAndCountsNoneTwice() throws Exception {
        try (Scenario sc = new Scenario(); TcpProxy proxy = new TcpProxy("127.0.0.1", 5432)) {
            ReplayReport r;
            try (Engine engine = Engine.start(sc.config(dev.switchboard.testsupport.Services.redisUrl(),
                    proxy.port(), Map.of("resilience", SLOW_MACHINE_RESILIENCE)))) {
                CompletableFuture<ReplayReport> run = CompletableFuture.supplyAsync(() -> {
                    try {
                        return Scenario.replay(engine, Scenario.workload(1200, Duration.ofSeconds(3), false,
                                Map.of("gpt-4o-mini", 0.7, "gpt-4o", 0.3), 17));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Await.until(Duration.ofSeconds(20), "traffic", () -> engine.snapshot().traffic().requests() > 200);
                proxy.stop();
                long atCut = engine.snapshot().traffic().requests();
                Await.until(Duration.ofSeconds(20), "traffic while PostgreSQL is cut off",
                        () -> engine.snapshot().traffic().requests() > atCut + 200);
                proxy.start();
                r = run.get();
                // Generous: the journal drains at the database's pace, which a loaded machine slows.
                Await.until(Duration.ofSeconds(90), "the ledger caught up",
                        () -> engine.snapshot().ledger().pending() == 0);
            }
            assertThat(r.failed()).as("failed requests").isEmpty();
            long answered = sc.answered(r);
            assertThat(answered).isEqualTo(1200);
            assertThat(sc.answerRows()).as("ledger rows == answers").isEqualTo(answered);
            double reported = sc.queryLong("SELECT COALESCE(SUM(cost_micros), 0) FROM " + sc.id
                    + ".ledger_event WHERE served_by <> 'FAILED_CALL'") / 1e6;
            assertThat(reported).as("report total == replay cost").isCloseTo(r.costUsd(), within(1e-9));
        }
    }
}
