package dev.switchboard.engine.telemetry.requestlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.error.EngineException;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.telemetry.RequestDetail;
import dev.switchboard.engine.telemetry.Step;
import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's request log: what each request leaves in it, its timeline, and the text only where it may stay. */
class RequestLogEngineTest {
    @TempDir
    Path home;

    private SwitchboardConfig config(String extra) {
        String yaml = """
                tiers:
                  l1: {enabled: true, ttl: 5m}
                  l3:
                    enabled: true
                    url: "jdbc:h2:file:${SWITCHBOARD_HOME}/cache"
                namespaces:
                  private: {policy: no-store}
                guards:
                  input: {pii: redact}
                ledger: {enabled: false}
                """ + TestConfigs.MODELS + (extra.contains("simulated:") ? "" : TestConfigs.ZERO_LATENCY) + extra;
        return new ConfigLoader(n -> n.equals("SWITCHBOARD_HOME") ? home.toString() : System.getenv(n))
                .parse(yaml, "requestlog.yaml");
    }

    private static ChatRequest ask(String namespace, String prompt) {
        return ChatRequest.builder().model("gpt-4o-mini").namespace(namespace).user("ann").prompt(prompt)
                .requestId("r-" + prompt.hashCode()).build();
    }

    private static List<String> names(RequestEntry e) {
        return e.steps().stream().map(Step::name).toList();
    }

    private static String note(RequestEntry e, String step) {
        return e.steps().stream().filter(s -> s.name().equals(step)).map(Step::note).findFirst().orElse("absent");
    }

    @Test
    void aMissThenAnL1HitEachLeaveTheirStepsAndTheGuardedText() {
        try (Engine engine = Engine.start(config(""))) {
            engine.submit(ask("default", "write to ann@example.com about otters"));
            engine.cache().awaitWrites(java.time.Duration.ofSeconds(10));
            engine.submit(ask("default", "write to ann@example.com about otters"));
            List<RequestEntry> log = engine.requestLog().recent(10);
            assertThat(log).hasSize(2);

            RequestEntry miss = log.get(0);
            assertThat(miss.event().servedBy()).isEqualTo(ServedBy.PROVIDER);
            // Each tier read, then the queue and the provider attempt, in the order they ran.
            assertThat(names(miss)).containsSubsequence("guard.input", "cache.l1", "cache.l3", "upstream.queue",
                    "provider gpt-4o-mini");
            assertThat(note(miss, "cache.l1")).isEqualTo("miss");
            assertThat(note(miss, "cache.l3")).isEqualTo("miss");
            assertThat(miss.steps()).allSatisfy(s -> assertThat(s.offsetNanos()).isNotNegative());
            RequestDetail d = miss.detail();
            assertThat(d.cacheKey()).startsWith("gpt-4o-mini@2024-07-18/default/");
            assertThat(d.withheld()).isNull();
            // After the input guard: the address never reaches the log.
            assertThat(d.prompt()).isEqualTo("user: write to [EMAIL] about otters").doesNotContain("ann@example.com");
            assertThat(d.answer()).isNotBlank();
            assertThat(d.verdicts()).singleElement().asString().startsWith("guard: pii.email redacted");

            RequestEntry hit = log.get(1);
            assertThat(hit.event().servedBy()).isEqualTo(ServedBy.L1);
            assertThat(names(hit)).containsExactly("guard.input", "cache.l1");
            assertThat(note(hit, "cache.l1")).isEqualTo("hit");
            assertThat(hit.detail().cacheKey()).isEqualTo(d.cacheKey());
            assertThat(hit.detail().answer()).isEqualTo(d.answer());
            assertThat(engine.requestLog().since(miss.seq())).containsExactly(hit);
            assertThat(engine.requestLog().find(hit.event().requestId())).contains(hit);
        }
    }

    @Test
    void aNoStoreNamespaceOrRequestKeepsNoText() {
        try (Engine engine = Engine.start(config(""))) {
            engine.submit(ask("private", "my diagnosis is confidential"));
            engine.submit(ask("default", "my own opt-out").toBuilder().noStore(true).build());
            List<RequestEntry> log = engine.requestLog().recent(10);
            RequestDetail privy = log.get(0).detail();
            assertThat(privy.prompt()).isNull();
            assertThat(privy.answer()).isNull();
            assertThat(privy.withheld()).isEqualTo("not kept: namespace private is no-store");
            // The timeline is kept: no tier is read in a no-store namespace, the provider is asked.
            assertThat(names(log.get(0))).doesNotContain("cache.l1").contains("provider gpt-4o-mini");
            assertThat(log.get(1).detail().prompt()).isNull();
            assertThat(log.get(1).detail().withheld()).isEqualTo("not kept: the request asked for no-store");
            assertThat(log.toString()).doesNotContain("confidential", "opt-out");
        }
    }

    @Test
    void aFailedRequestIsLoggedWithItsKindAndFailedAttempts() {
        try (Engine engine = Engine.start(config("""
                simulated:
                  latency: {median: 0ms, p99: 0ms}
                  model_error_rates: {gpt-4o-mini: 1.0}
                resilience:
                  retry: {max_attempts: 2, base: 1ms, cap: 2ms}
                """))) {
            assertThatThrownBy(() -> engine.submit(ask("default", "will not work")))
                    .isInstanceOf(EngineException.class);
            RequestEntry e = engine.requestLog().recent(1).get(0);
            assertThat(e.event().failed()).isTrue();
            assertThat(e.steps().stream().filter(s -> s.name().equals("provider gpt-4o-mini")).count())
                    .isEqualTo(2);
            assertThat(e.steps()).filteredOn(s -> s.name().startsWith("provider")).allSatisfy(
                    s -> assertThat(s.note()).isNotNull());
            assertThat(e.detail().failure()).isNotBlank();
        }
    }

    @Test
    void recentRequestsSetsTheBoundAndZeroTurnsTheLogOff() {
        try (Engine engine = Engine.start(config("logs: {recent_requests: 3}\n"))) {
            for (int i = 0; i < 7; i++) {
                engine.submit(ask("default", "question " + i));
            }
            assertThat(engine.requestLog().capacity()).isEqualTo(3);
            assertThat(engine.requestLog().recent(100)).hasSize(3);
            assertThat(engine.requestLog().lastSeq()).isEqualTo(7);
        }
        try (Engine engine = Engine.start(config("logs: {recent_requests: 0}\n"))) {
            engine.submit(ask("default", "question"));
            assertThat(engine.requestLog().enabled()).isFalse();
            assertThat(engine.requestLog().recent(100)).isEmpty();
        }
        assertThatThrownBy(() -> config("logs: {recent_requests: -1}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("logs.recent_requests").hasMessageContaining("between 0 (off) and 1000000");
    }
}
