package dev.switchboard.engine.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.BudgetsConfig;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.error.BudgetExceededException;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Budgets on the request path: alert, soft reroute to the cheapest model, hard stop; edits apply live. */
class BudgetsTest {
    @TempDir
    Path dir;

    private SwitchboardConfig config(String budgets) {
        return TestConfigs.parse("""
                tiers:
                  l1: {enabled: true, ttl: 5m}
                resilience:
                  fallbacks:
                    gpt-4o: [gpt-4o-mini]
                ledger:
                  url: "jdbc:h2:file:%s/ledger"
                  journal: "%s/journal"
                  flush_interval: 20ms
                """.formatted(dir.toAbsolutePath(), dir.toAbsolutePath()) + budgets + TestConfigs.MODELS
                + TestConfigs.ZERO_LATENCY);
    }

    private static ChatRequest ask(String user, int i) {
        return ChatRequest.builder().model("gpt-4o").user(user).prompt("question number " + i + " about budgets")
                .maxTokens(200).build();
    }

    @Test
    void alertThenSoftThenHardAsSpendRises() {
        // One gpt-4o call here costs about $0.002: a $0.02 daily budget per user is crossed within a few calls.
        try (Engine engine = Engine.start(config("""
                budgets:
                  per_user: {daily: 0.02}
                  thresholds: {alert: 50%, soft: 100%, hard: 150%}
                """))) {
            int i = 0;
            ChatResult r;
            do {
                r = engine.submit(ask("alice", i++));
                assertThat(r.model()).isEqualTo("gpt-4o");
            } while (engine.ledger().budgets().check("alice").level() == BudgetLevel.OK);
            assertThat(engine.ledger().budgets().check("alice").level()).isEqualTo(BudgetLevel.ALERT);
            Await.until(Duration.ofSeconds(10), "an alert in the snapshot",
                    () -> !engine.snapshot().ledger().budgets().alerts().isEmpty());
            BudgetAlert alert = engine.snapshot().ledger().budgets().alerts().get(0);
            assertThat(alert.level()).isEqualTo(BudgetLevel.ALERT);
            assertThat(alert.message()).contains("daily budget for user alice").contains("alert threshold (50%)");

            while (engine.ledger().budgets().check("alice").level() != BudgetLevel.SOFT) {
                engine.submit(ask("alice", i++));
            }
            ChatResult soft = engine.submit(ask("alice", i++));
            assertThat(soft.model()).isEqualTo("gpt-4o-mini");
            assertThat(soft.route().get(0)).startsWith("budget: daily budget for user alice")
                    .contains("routed to gpt-4o-mini, the cheapest model in the chain of gpt-4o");
            // Bob has spent nothing: his calls are untouched.
            assertThat(engine.submit(ask("bob", 0)).model()).isEqualTo("gpt-4o");

            while (engine.ledger().budgets().check("alice").level() != BudgetLevel.HARD) {
                engine.submit(ask("alice", i++));
            }
            int next = i;
            assertThatThrownBy(() -> engine.submit(ask("alice", next + 1000)))
                    .isInstanceOf(BudgetExceededException.class)
                    .hasMessageContaining("daily budget for user alice")
                    .hasMessageContaining("hard limit (150%)")
                    .extracting(e -> ((BudgetExceededException) e).kind()).isEqualTo("budget_exceeded");
            // A cached answer costs nothing and is still served.
            ChatResult cached = engine.submit(ask("alice", 0));
            assertThat(cached.servedBy()).isEqualTo(ServedBy.L1);

            // Raising the budget applies to the next request.
            engine.updateConfig(engine.config().withBudgets(engine.config().budgets()
                    .withPerUser(new BudgetsConfig.UserBudget(10, 0))));
            assertThat(engine.submit(ask("alice", i + 2000)).model()).isEqualTo("gpt-4o");
        }
    }

    @Test
    void aNamedUsersBudgetReplacesTheDefaultAndGlobalBudgetsCoverEveryone() {
        BudgetsConfig b = config("""
                budgets:
                  daily: 1.00
                  monthly: 20
                  per_user: {daily: 0.50}
                  users:
                    carol: {daily: 2.00, monthly: 5}
                """).budgets();
        assertThat(b.forUser("carol")).isEqualTo(new BudgetsConfig.UserBudget(2, 5));
        assertThat(b.forUser("dave")).isEqualTo(new BudgetsConfig.UserBudget(0.5, 0));
        assertThat(b.users()).isEqualTo(Map.of("carol", new BudgetsConfig.UserBudget(2, 5)));

        try (Engine engine = Engine.start(config("""
                budgets:
                  daily: 0.01
                """))) {
            int i = 0;
            while (engine.ledger().budgets().check(null).level().compareTo(BudgetLevel.HARD) < 0) {
                engine.submit(ask(i % 2 == 0 ? "erin" : "frank", i++));
            }
            assertThatThrownBy(() -> engine.submit(ask("someone-new", 99_999)))
                    .isInstanceOf(BudgetExceededException.class).hasMessageContaining("daily budget:");
            BudgetsSnapshot s = engine.snapshot().ledger().budgets();
            assertThat(s.todayMicros()).isGreaterThanOrEqualTo(12_000);
            assertThat(s.dailyLimitMicros()).isEqualTo(10_000);
            assertThat(s.dailyLimitUsd()).isEqualTo(0.01);
        }
    }
}
