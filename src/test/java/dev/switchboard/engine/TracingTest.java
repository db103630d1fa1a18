package dev.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.telemetry.trace.Tracing;
import dev.switchboard.testsupport.TestConfigs;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A request's span tree: one span per step, each provider attempt its own, exported over OTLP when asked. */
class TracingTest {
    /** gpt-4o-mini always fails (503): two attempts, then the chain falls back to gpt-4o. */
    private static final String FAILING_MINI = TestConfigs.L1_ONLY.replace("""
            simulated:
              latency:
                median: 0ms
                p99: 0ms
            """, """
            simulated:
              latency: {median: 0ms, p99: 0ms}
              model_error_rates: {gpt-4o-mini: 1.0}
            resilience:
              retry: {max_attempts: 2, base: 1ms, cap: 2ms}
              breaker: {window: 100, min_calls: 100}
              fallbacks:
                gpt-4o-mini: [gpt-4o]
            guards: {input: {pii: flag}, output: {pii: flag}}
            limits:
              plans:
                free: {per_minute: 1000}
            ledger: {enabled: true}
            """);

    private static ChatRequest ask(String prompt) {
        return ChatRequest.builder().model("gpt-4o-mini").prompt(prompt).temperature(0.2).maxTokens(64)
                .requestId("req-7").build();
    }

    private static SpanData named(List<SpanData> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError(name + " not among " + spans.stream().map(SpanData::getName).toList()));
    }

    @Test
    void aRequestThatRetriedAndFellBackIsOneTreeWithAnAttemptPerCall() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        List<SpanData> spans;
        // Read before close: shutting the tracer down empties the in-memory exporter.
        try (Engine engine = Engine.start(TestConfigs.parse(FAILING_MINI), Tracing.exportingTo(exporter, 1.0))) {
            assertThat(engine.submit(ask("tell me about otters")).model()).isEqualTo("gpt-4o");
            spans = exporter.getFinishedSpanItems();
        }
        SpanData root = named(spans, "chat gpt-4o-mini");
        assertThat(root.getParentSpanContext().isValid()).isFalse();
        assertThat(root.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
        assertThat(root.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt-4o-mini");
        assertThat(root.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("gpt-4o");
        assertThat(root.getAttributes().get(AttributeKey.doubleKey("gen_ai.request.temperature"))).isEqualTo(0.2);
        assertThat(root.getAttributes().get(AttributeKey.stringKey("switchboard.served_by"))).isEqualTo("PROVIDER");
        assertThat(root.getAttributes().get(AttributeKey.stringKey("switchboard.request_id"))).isEqualTo("req-7");
        assertThat(spans).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(root.getTraceId()));

        List<SpanData> children = spans.stream().filter(s -> s.getParentSpanId().equals(root.getSpanId())).toList();
        assertThat(children.stream().map(SpanData::getName))
                .contains("guard.input", "admit", "budget", "ledger", "guard.output");
        // L1 is a memory read: an attribute of the request, not a span.
        assertThat(root.getAttributes().get(AttributeKey.stringKey("switchboard.cache.l1"))).isEqualTo("miss");
        List<SpanData> attempts = spans.stream().filter(s -> s.getName().startsWith("provider ")).toList();
        assertThat(attempts.stream().map(SpanData::getName))
                .containsExactly("provider gpt-4o-mini", "provider gpt-4o-mini", "provider gpt-4o");
        assertThat(attempts.subList(0, 2)).allSatisfy(a -> {
            assertThat(a.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(a.getAttributes().get(AttributeKey.stringKey("error.type"))).isNotBlank();
        });
        SpanData answered = attempts.get(2);
        assertThat(answered.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        assertThat(answered.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("simulated");
        assertThat(answered.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isPositive();
        // Each attempt waited for its upstream slot in a span of its own, under the request.
        assertThat(spans.stream().filter(s -> s.getName().equals("upstream.queue")).count()).isEqualTo(3);
        assertThat(attempts).allSatisfy(a -> assertThat(a.getParentSpanId()).isEqualTo(root.getSpanId()));
        assertThat(spans).noneSatisfy(s -> assertThat(s.getAttributes().toString()).contains("otters"));
    }

    @Test
    void aCacheHitIsTracedAsSuchAndAFailureMarksTheSpan() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        List<SpanData> roots;
        try (Engine engine = Engine.start(TestConfigs.l1Only(), Tracing.exportingTo(exporter, 1.0))) {
            engine.submit(ask("same"));
            engine.submit(ask("same"));
            assertThatThrownBy(() -> engine.submit(ask("bad").toBuilder().temperature(9.0).build()));
            roots = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals("chat gpt-4o-mini"))
                    .toList();
            // No guard is on here: no span for steps that looked at nothing.
            assertThat(exporter.getFinishedSpanItems()).noneSatisfy(
                    s -> assertThat(s.getName()).startsWith("guard."));
        }
        assertThat(roots).hasSize(3);
        assertThat(roots.get(1).getAttributes().get(AttributeKey.stringKey("switchboard.served_by")))
                .isEqualTo(ServedBy.L1.name());
        assertThat(roots.get(2).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(roots.get(2).getAttributes().get(AttributeKey.stringKey("switchboard.outcome")))
                .isEqualTo("invalid_request");
        assertThat(roots).allSatisfy(r -> assertThat(r.getKind()).isEqualTo(SpanKind.INTERNAL));
    }

    @Test
    void tracesGoOverOtlpHttpToTheConfiguredEndpoint() throws Exception {
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        List<String> types = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", x -> {
            types.add(x.getRequestHeaders().getFirst("Content-Type"));
            bodies.add(x.getRequestBody().readAllBytes());
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        collector.start();
        try {
            String yaml = TestConfigs.L1_ONLY + "tracing: {enabled: true, sampling: 1.0, endpoint: \"http://127.0.0.1:"
                    + collector.getAddress().getPort() + "/v1/traces\", service_name: sb-test}\n";
            try (Engine engine = Engine.start(TestConfigs.parse(yaml))) {
                engine.submit(ask("exported"));
            } // close sends what is buffered
            assertThat(bodies).isNotEmpty();
            assertThat(types).allSatisfy(t -> assertThat(t).isEqualTo("application/x-protobuf"));
            String all = new String(bodies.stream().reduce(new byte[0], (a, b) -> {
                byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
                System.arraycopy(b, 0, c, a.length, b.length);
                return c;
            }), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(all).contains("chat gpt-4o-mini").contains("sb-test").contains("gen_ai.request.model");
        } finally {
            collector.stop(0);
        }
    }

    @Test
    void badSettingsNameTheirField() {
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.L1_ONLY + "tracing: {sampling: 1.5}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tracing.sampling");
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.L1_ONLY + "tracing: {endpoint: \"ftp://x\"}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tracing.endpoint");
        assertThat(TestConfigs.l1Only().tracing().enabled()).isFalse();
    }
}
