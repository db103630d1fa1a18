package dev.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.cost.BudgetLevel;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identical requests share one call, but never one user's budget decision with another user. */
class SharedCallBudgetTest {
    @TempDir
    Path dir;

    @Test
    void aUserPastTheSoftLimitDoesNotHandTheCheapModelToAnotherUser() throws Exception {
        // gpt-4o at a price that puts alice past the soft limit (2%) of her $100 budget in one call, far below hard.
        SwitchboardConfig c = TestConfigs.parse("""
                tiers:
                  l1: {enabled: true, ttl: 5m}
                models:
                  gpt-4o-mini: {version: "1", input_per_1m: 0.15, output_per_1m: 0.60}
                  gpt-4o: {version: "1", input_per_1m: 100000, output_per_1m: 100000}
                simulated:
                  latency: {median: 400ms, p99: 500ms}
                resilience:
                  fallbacks:
                    gpt-4o: [gpt-4o-mini]
                ledger:
                  url: "jdbc:h2:file:%s/ledger"
                  journal: "%s/journal"
                budgets:
                  users:
                    alice: {daily: 100}
                  thresholds: {alert: 1%%, soft: 2%%, hard: 1000%%}
                """.formatted(dir, dir));
        try (Engine engine = Engine.start(c)) {
            engine.submit(ChatRequest.builder().model("gpt-4o").user("alice").prompt("first, at full price").build());
            assertThat(engine.ledger().budgets().check("alice").level()).isEqualTo(BudgetLevel.SOFT);
            ChatRequest.Builder same = ChatRequest.builder().model("gpt-4o").prompt("the same question for both");
            CompletableFuture<ChatResult> alice = engine.submitAsync(same.user("alice").build());
            // Bob asks once alice's call is in flight (it takes 400 ms).
            Await.until(Duration.ofSeconds(10), "alice's call in flight", () -> engine.snapshot().providerCalls() == 2);
            ChatResult bob = engine.submit(same.user("bob").build());
            assertThat(alice.get().model()).isEqualTo("gpt-4o-mini");
            assertThat(bob.model()).as("bob's budget is fine: he gets the model he asked for").isEqualTo("gpt-4o");
            assertThat(bob.route()).noneMatch(step -> step.startsWith("budget:"));
            assertThat(bob.servedBy()).isNotEqualTo(ServedBy.COALESCED);
        }
    }
}
