package dev.switchboard.engine.telemetry.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.testsupport.TestConfigs;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's requests in its audit trail, as {@code audit.requests} says; never the prompt. */
class EngineAuditTest {
    private static final String PROMPT = "Summarize the memo for jane.doe@example.com please";

    @TempDir
    Path home;

    private SwitchboardConfig config(String requests) {
        return TestConfigs.parse("""
                tiers:
                  l1: {enabled: true, ttl: 5m}
                ledger:
                  url: "jdbc:h2:file:%s/ledger"
                  journal: "%s/journal"
                guards:
                  input: {pii: redact}
                audit:
                  requests: %s
                """.formatted(home.toAbsolutePath(), home.toAbsolutePath(), requests) + TestConfigs.MODELS
                + TestConfigs.ZERO_LATENCY);
    }

    private static ChatRequest ask(String model, String prompt) {
        return ChatRequest.builder().model(model).user("alice").prompt(prompt).temperature(0.0).maxTokens(64)
                .build();
    }

    private List<String> run(String requests) throws Exception {
        try (Engine engine = Engine.start(config(requests))) {
            engine.submit(ask("gpt-4o-mini", "What is a cache?"));
            engine.submit(ask("gpt-4o-mini", "What is a cache?")); // an L1 hit
            engine.submit(ask("gpt-4o-mini", PROMPT)); // redacted: a guard verdict in the route
            assertThatThrownBy(() -> engine.submit(ask("no-such-model", "x"))).isNotNull();
            assertThat(engine.audit().flush(Duration.ofSeconds(20))).isTrue();
            StringWriter out = new StringWriter();
            engine.audit().store().export(0, Long.MAX_VALUE, out);
            assertThat(out.toString()).doesNotContain("jane.doe").doesNotContain("Summarize").doesNotContain("cache?");
            assertThat(engine.audit().store().verify().ok()).isTrue();
            return out.toString().lines().toList();
        }
    }

    @Test
    void decisionsRecordFailuresAndRoutedAnswersButNotPlainHits() throws Exception {
        List<String> rows = run("decisions");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).contains("\"kind\":\"guard\"", "\"actor\":\"alice\"", "guard: ");
        assertThat(rows.get(1)).contains("\"kind\":\"request\"", "\"subject\":\"no-such-model\"");
        assertThat(rows.get(1)).doesNotContain("\"outcome\":\"ok\"");
    }

    @Test
    void allRecordsEveryRequest() throws Exception {
        assertThat(run("all")).hasSize(4);
    }
}
