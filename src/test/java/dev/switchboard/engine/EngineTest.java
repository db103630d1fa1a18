package dev.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.cache.Tier;
import dev.switchboard.engine.error.InvalidRequestException;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.Message;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
    private static ChatRequest ask(String prompt) {
        return ChatRequest.builder().model("gpt-4o-mini").system("Be brief.").prompt(prompt).temperature(0.0)
                .maxTokens(128).build();
    }

    @Test
    void missGoesToProviderThenHitsL1WithSavings() {
        try (Engine engine = Engine.start(TestConfigs.l1Only())) {
            ChatResult first = engine.submit(ask("What is a cache?"));
            assertThat(first.servedBy()).isEqualTo(ServedBy.PROVIDER);
            assertThat(first.model()).isEqualTo("gpt-4o-mini");
            assertThat(first.tokensIn()).isPositive();
            assertThat(first.tokensOut()).isPositive();
            // Whole micro-dollars (the prices are micro-dollars per token), rounded half up.
            assertThat(first.costUsd()).isEqualTo(new java.math.BigDecimal("0.15").multiply(
                    java.math.BigDecimal.valueOf(first.tokensIn())).add(new java.math.BigDecimal("0.60").multiply(
                    java.math.BigDecimal.valueOf(first.tokensOut()))).setScale(0, java.math.RoundingMode.HALF_UP)
                    .movePointLeft(6).doubleValue());
            assertThat(first.cacheKey().value()).startsWith("gpt-4o-mini@2024-07-18/default/");

            ChatResult second = engine.submit(ask("What is a cache?"));
            assertThat(second.servedBy()).isEqualTo(ServedBy.L1);
            assertThat(second.answer()).isEqualTo(first.answer());
            assertThat(second.costUsd()).isZero();
            assertThat(second.costSavedUsd()).isEqualTo(first.costUsd());

            EngineSnapshot s = engine.snapshot();
            assertThat(s.traffic().requests()).isEqualTo(2);
            assertThat(s.traffic().servedBy()).containsEntry(ServedBy.L1, 1L).containsEntry(ServedBy.PROVIDER, 1L);
            assertThat(s.traffic().costUsd()).isEqualTo(first.costUsd());
            assertThat(s.traffic().costSavedUsd()).isEqualTo(first.costUsd());
            assertThat(s.traffic().latency().get(ServedBy.L1).count()).isEqualTo(1);
            assertThat(s.providerCalls()).isEqualTo(1);
        }
    }

    @Test
    void noStoreNamespaceIsNeverWrittenToAnyTier(@TempDir Path dir) {
        var cfg = TestConfigs.l1AndH2(dir).withNamespacePolicy("private",
                dev.switchboard.engine.config.NamespacePolicy.NO_STORE);
        try (Engine engine = Engine.start(cfg)) {
            ChatRequest r = ask("my account balance").toBuilder().namespace("private").user("alice").build();
            ChatResult a = engine.submit(r);
            ChatResult b = engine.submit(r.toBuilder().user("bob").build());
            assertThat(a.servedBy()).isEqualTo(ServedBy.PROVIDER);
            assertThat(b.servedBy()).as("never shared across users").isEqualTo(ServedBy.PROVIDER);
            assertThat(engine.submit(r).servedBy()).as("the same user may share").isEqualTo(ServedBy.COALESCED);
            engine.cache().awaitWrites(Duration.ofSeconds(5));
            assertThat(engine.cache().peek(Tier.L1, a.cacheKey())).isNull();
            assertThat(engine.cache().peek(Tier.L3, a.cacheKey())).isNull();
            engine.snapshot().tiers().forEach(t -> assertThat(t.writes()).as(t.tier().name()).isZero());
        }
    }

    @Test
    void bypassSkipsTheReadButStillWrites() {
        try (Engine engine = Engine.start(TestConfigs.l1Only())) {
            engine.submit(ask("q"));
            ChatResult bypass = engine.submit(ask("q").toBuilder().bypassCache(true).build());
            assertThat(bypass.servedBy()).isEqualTo(ServedBy.PROVIDER);
        }
    }

    @Test
    void bumpingAModelVersionBustsItsEntries() {
        try (Engine engine = Engine.start(TestConfigs.l1Only())) {
            engine.submit(ask("q"));
            var cfg = engine.config();
            engine.updateConfig(cfg.withModel(cfg.models().get("gpt-4o-mini").withVersion("2025-01-01")));
            ChatResult after = engine.submit(ask("q"));
            assertThat(after.servedBy()).isEqualTo(ServedBy.PROVIDER);
            assertThat(after.cacheKey().modelVersion()).isEqualTo("2025-01-01");
        }
    }

    @Test
    void tierTtlChangesAtRuntime() {
        try (Engine engine = Engine.start(TestConfigs.l1Only())) {
            engine.setTierTtl(Tier.L1, Duration.ofSeconds(42));
            assertThat(engine.config().tiers().l1().ttl()).isEqualTo(Duration.ofSeconds(42));
            ChatResult r = engine.submit(ask("ttl"));
            long left = engine.cache().peek(Tier.L1, r.cacheKey()).expiresAtMillis() - System.currentTimeMillis();
            assertThat(left).isBetween(40_000L, 42_000L);
        }
    }

    @Test
    void invalidRequestsNameTheFieldAndAreCounted() {
        try (Engine engine = Engine.start(TestConfigs.l1Only())) {
            assertThatThrownBy(() -> engine.submit(ask("q").toBuilder().model("gpt-9").build()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("model: unknown model 'gpt-9'");
            assertThatThrownBy(() -> engine.submit(ask("q").toBuilder().temperature(3.0).build()))
                    .hasMessageContaining("temperature: must be between 0 and 2, got 3.0");
            assertThatThrownBy(() -> engine.submit(ask("q").toBuilder().messages(List.of()).build()))
                    .hasMessageContaining("messages: at least one message is required");
            assertThatThrownBy(() -> engine.submit(ask("q").toBuilder()
                    .messages(List.of(new Message("robot", "hi"))).build()))
                    .hasMessageContaining("messages[0].role");
            assertThatThrownBy(() -> engine.submit(ask("q").toBuilder().namespace("a b").build()))
                    .hasMessageContaining("namespace:");
            assertThat(engine.snapshot().traffic().failures()).containsEntry("invalid_request", 5L);
        }
    }

    @Test
    void requestsRunConcurrentlyOnVirtualThreads() {
        try (Engine engine = Engine.start(TestConfigs.l1Only())) {
            List<CompletableFuture<ChatResult>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 500; i++) {
                futures.add(engine.submitAsync(ask("q" + (i % 50))));
            }
            futures.forEach(CompletableFuture::join);
            EngineSnapshot s = engine.snapshot();
            assertThat(s.traffic().requests()).isEqualTo(500);
            assertThat(s.traffic().hits() + s.traffic().servedBy().get(ServedBy.PROVIDER)
                    + s.traffic().servedBy().get(ServedBy.COALESCED)).isEqualTo(500);
            assertThat(s.traffic().servedBy().get(ServedBy.PROVIDER)).as("one call per distinct prompt").isEqualTo(50);
        }
    }

    @Test
    void aClosedEngineRefusesWorkAndCountsIt() {
        Engine engine = Engine.start(TestConfigs.l1Only());
        engine.submit(ask("before"));
        engine.close();
        assertThatThrownBy(() -> engine.submit(ask("after"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("engine is closed");
        assertThatThrownBy(() -> engine.submitAsync(ask("after"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("engine is closed");
        EngineSnapshot s = engine.snapshot();
        assertThat(s.refusedAfterClose()).isEqualTo(2);
        assertThat(s.traffic().requests()).as("refused calls never reached the request path").isEqualTo(1);
        engine.close();
    }

    /**
     * Two editors at once, each on its own section, many times over: neither loses an edit to the other. Each edit
     * adds one (a second to L1's TTL, a dollar to the daily budget), so a single lost edit shows in the totals.
     */
    @Test
    void concurrentEditsOfDifferentSectionsBothSurvive() throws Exception {
        try (Engine engine = Engine.start(TestConfigs.l1Only())) {
            int n = 5000;
            Duration ttl0 = engine.config().tiers().l1().ttl();
            double daily0 = engine.config().budgets().daily();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            Thread ttl = Thread.ofPlatform().start(() -> {
                awaitQuietly(go);
                for (int i = 0; i < n; i++) {
                    engine.updateConfig(c -> c.withTiers(c.tiers().withL1(c.tiers().l1()
                            .withTtl(c.tiers().l1().ttl().plusSeconds(1)))));
                }
            });
            Thread budget = Thread.ofPlatform().start(() -> {
                awaitQuietly(go);
                for (int i = 0; i < n; i++) {
                    engine.updateConfig(c -> c.withBudgets(c.budgets().withGlobal(c.budgets().daily() + 1, 0)));
                }
            });
            go.countDown();
            ttl.join();
            budget.join();
            assertThat(engine.config().tiers().l1().ttl()).isEqualTo(ttl0.plusSeconds(n));
            assertThat(engine.config().budgets().daily()).isEqualTo(daily0 + n);
        }
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
