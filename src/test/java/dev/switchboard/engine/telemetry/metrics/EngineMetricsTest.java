package dev.switchboard.engine.telemetry.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.error.EngineException;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.testsupport.PrometheusText;
import dev.switchboard.testsupport.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics of an engine answering and failing a few requests, read back through a strict parser of the text
 * format: requests by outcome, served-by, model and namespace; the histogram's count; cache hits per tier; the
 * breaker of a model in an outage; bounded labels.
 */
class EngineMetricsTest {
    private static final String CONFIG = """
            tiers:
              l1: {enabled: true, ttl: 5m}
              l3: {enabled: false}
            namespaces:
              support: {policy: store}
            simulated:
              latency: {median: 0ms, p99: 0ms}
              outages:
                - {model: gpt-4o, start: 0ms, end: 1h}
            resilience:
              retry: {max_attempts: 1}
              breaker: {window: 2, min_calls: 2, open_for: 1h}
            """ + TestConfigs.MODELS;

    private Engine engine;
    private EngineMetrics metrics;

    @AfterEach
    void close() {
        if (metrics != null) {
            metrics.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private void start() {
        engine = Engine.start(TestConfigs.parse(CONFIG));
        metrics = EngineMetrics.attach(engine);
    }

    private void ask(String model, String namespace, String prompt) {
        ChatRequest.Builder b = ChatRequest.builder().model(model).prompt(prompt).user("alice@example.com");
        if (namespace != null) {
            b.namespace(namespace);
        }
        try {
            engine.submit(b.build());
        } catch (EngineException expected) {
            // Counted by kind.
        }
    }

    @Test
    void countsRequestsHitsFailuresAndBreakers() {
        start();
        ask("gpt-4o-mini", "support", "hello");
        ask("gpt-4o-mini", "support", "hello");          // an L1 hit
        ask("gpt-4o-mini", null, "bye");
        ask("gpt-4o", "support", "down one");            // upstream_unavailable
        ask("gpt-4o", "support", "down two");            // and the breaker opens
        ask("gpt-4o-mini", "made-up-namespace", "who");

        PrometheusText t = PrometheusText.parse(metrics.scrape());
        assertThat(t.value("switchboard_requests_total", "outcome", "ok", "served_by", "PROVIDER", "model",
                "gpt-4o-mini", "namespace", "support")).isEqualTo(1);
        assertThat(t.value("switchboard_requests_total", "outcome", "ok", "served_by", "L1", "model",
                "gpt-4o-mini", "namespace", "support")).isEqualTo(1);
        assertThat(t.value("switchboard_requests_total", "outcome", "ok", "served_by", "PROVIDER", "model",
                "gpt-4o-mini", "namespace", "default")).isEqualTo(1);
        assertThat(t.sum("switchboard_requests_total", "outcome", "upstream_unavailable", "model", "gpt-4o",
                "served_by", "none")).isEqualTo(2);
        // An unknown namespace counts under "other"; the namespace label never takes a caller's invention.
        assertThat(t.value("switchboard_requests_total", "outcome", "ok", "served_by", "PROVIDER", "model",
                "gpt-4o-mini", "namespace", "other")).isEqualTo(1);
        assertThat(t.labelValues("switchboard_requests_total", "namespace"))
                .containsExactlyInAnyOrder("support", "default", "other");
        assertThat(t.sum("switchboard_requests_total")).isEqualTo(6);
        // One histogram observation per request, failures included.
        assertThat(t.sum("switchboard_request_duration_seconds_count")).isEqualTo(6);
        assertThat(t.value("switchboard_request_duration_seconds_count", "served_by", "L1", "model",
                "gpt-4o-mini")).isEqualTo(1);
        assertThat(t.value("switchboard_request_duration_seconds_bucket", "served_by", "L1", "model",
                "gpt-4o-mini", "le", "+Inf")).isEqualTo(1);
        assertThat(t.value("switchboard_cache_hits_total", "tier", "L1")).isEqualTo(1);
        assertThat(t.value("switchboard_cache_tier_up", "tier", "L1")).isEqualTo(1);
        assertThat(t.value("switchboard_cache_tier_up", "tier", "L3")).isEqualTo(-1);
        assertThat(t.value("switchboard_breaker_state", "model", "gpt-4o")).isEqualTo(1);
        assertThat(t.value("switchboard_breaker_state", "model", "gpt-4o-mini")).isEqualTo(0);
        assertThat(t.value("switchboard_tokens_total", "model", "gpt-4o-mini", "direction", "in")).isPositive();
        assertThat(t.value("switchboard_cost_usd_total", "model", "gpt-4o-mini")).isPositive();
        assertThat(t.types()).containsEntry("switchboard_requests_total", "counter")
                .containsEntry("switchboard_request_duration_seconds", "histogram")
                .containsEntry("switchboard_breaker_state", "gauge");
    }

    @Test
    void neverLabelsAUserAndBoundsUnknownModels() {
        start();
        ask("gpt-4o-mini", "support", "hello");
        ask("no-such-model", "support", "hello");
        String text = metrics.scrape();
        assertThat(text).doesNotContain("alice").doesNotContain("no-such-model").doesNotContain("hello");
        PrometheusText t = PrometheusText.parse(text);
        assertThat(t.labelValues("switchboard_requests_total", "model")).isSubsetOf("gpt-4o-mini", "gpt-4o",
                "other");
        assertThat(t.sum("switchboard_requests_total", "model", "other")).isEqualTo(1);
    }

    @Test
    void aConfigChangeKeepsTheSeriesAndBoundsByTheNewConfig() {
        start();
        ask("gpt-4o-mini", "support", "one");
        engine.updateConfig(TestConfigs.parse(CONFIG.replace("support: {policy: store}",
                "billing: {policy: store}")));
        ask("gpt-4o-mini", "support", "two");
        ask("gpt-4o-mini", "billing", "three");
        PrometheusText t = PrometheusText.parse(metrics.scrape());
        assertThat(t.value("switchboard_requests_total", "outcome", "ok", "served_by", "PROVIDER", "model",
                "gpt-4o-mini", "namespace", "support")).isEqualTo(1);
        assertThat(t.value("switchboard_requests_total", "outcome", "ok", "served_by", "PROVIDER", "model",
                "gpt-4o-mini", "namespace", "other")).isEqualTo(1);
        assertThat(t.value("switchboard_requests_total", "outcome", "ok", "served_by", "PROVIDER", "model",
                "gpt-4o-mini", "namespace", "billing")).isEqualTo(1);
    }

    @Test
    void requestsOnManyThreadsWhileScrapingAreAllCounted() throws Exception {
        start();
        int threads = 4;
        int each = 300;
        java.util.List<Thread> ts = new java.util.ArrayList<>();
        for (int k = 0; k < threads; k++) {
            int id = k;
            ts.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < each; i++) {
                    ask(i % 2 == 0 ? "gpt-4o-mini" : "no-such-model", "support", "p" + (i % 50) + "-" + id);
                }
            }));
        }
        int scrapes = 0;
        while (ts.stream().anyMatch(Thread::isAlive)) {
            PrometheusText.parse(metrics.scrape());
            scrapes++;
        }
        for (Thread t : ts) {
            t.join();
        }
        PrometheusText t = PrometheusText.parse(metrics.scrape());
        assertThat(scrapes).isPositive();
        assertThat(t.sum("switchboard_requests_total")).isEqualTo(threads * each);
        assertThat(t.sum("switchboard_request_duration_seconds_count")).isEqualTo(threads * each);
        assertThat(t.sum("switchboard_requests_total", "model", "other")).isEqualTo(threads * each / 2);
    }

    @Test
    void stopsCountingOnceClosedAndRefusesAScrape() {
        start();
        ask("gpt-4o-mini", null, "one");
        metrics.close();
        ask("gpt-4o-mini", null, "two");
        assertThat(metrics.isClosed()).isTrue();
        assertThatThrownBy(metrics::scrape).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void breakerStatesAndBudgetLevelsMapToTheirNumbers() {
        assertThat(SnapshotMetrics.breakerState("CLOSED")).isZero();
        assertThat(SnapshotMetrics.breakerState("OPEN")).isEqualTo(1);
        assertThat(SnapshotMetrics.breakerState("FORCED_OPEN")).isEqualTo(1);
        assertThat(SnapshotMetrics.breakerState("HALF_OPEN")).isEqualTo(2);
        assertThat(SnapshotMetrics.breakerState("DISABLED")).isZero();
        assertThat(LabelBounds.outcome("timed_out")).isEqualTo(LabelBounds.OUTCOMES.indexOf("timed_out"));
        assertThat(LabelBounds.OUTCOMES.get(LabelBounds.outcome("something_new"))).isEqualTo("other");
    }
}
