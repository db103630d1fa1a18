package dev.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.cost.CostReport;
import dev.switchboard.engine.cost.ReportQuery;
import dev.switchboard.engine.error.EngineException;
import dev.switchboard.engine.provider.TokenEstimator;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A call that reached the provider and did not answer still costs money: it is in the ledger, once per call. */
class FailedCallLedgerTest {
    @TempDir
    Path dir;

    @Test
    void callsCutByTheirTimeLimitAreInTheLedgerAsCallsNotAnswers() throws Exception {
        try (Engine engine = Engine.start(TestConfigs.parse("""
                tiers:
                  l1: {enabled: true}
                models:
                  gpt-4o: {version: "1", input_per_1m: 2.50, output_per_1m: 10.00}
                simulated:
                  latency: {median: 5s, p99: 6s}
                resilience:
                  timeout: 100ms
                  deadline: 10s
                  retry: {max_attempts: 2, base: 1ms, cap: 2ms}
                ledger:
                  url: "jdbc:h2:file:%s/ledger"
                  journal: "%s/journal"
                """.formatted(dir, dir)))) {
            ChatRequest ask = ChatRequest.builder().model("gpt-4o").user("carol").prompt("a slow question").build();
            assertThatThrownBy(() -> engine.submit(ask)).isInstanceOf(EngineException.class);
            assertThat(engine.ledger().flush(Duration.ofSeconds(10))).isTrue();
            CostReport r = engine.ledger().queries().summarize(ReportQuery.between(Instant.EPOCH,
                    Instant.now().plus(Duration.ofDays(1))));
            long inputCost = new dev.switchboard.engine.config.ModelConfig("gpt-4o", "1", "simulated", 2.50, 10.00)
                    .costMicros(TokenEstimator.ofRequest(ask), 0);
            assertThat(r.totals().requests()).as("answers").isZero();
            assertThat(r.totals().providerCalls()).as("the first try and its retry").isEqualTo(2);
            assertThat(r.totals().costMicros()).as("both prompts were processed").isEqualTo(2 * inputCost);
            assertThat(engine.snapshot().traffic().costUsd()).isEqualTo(2 * inputCost / 1e6);
        }
    }
}
