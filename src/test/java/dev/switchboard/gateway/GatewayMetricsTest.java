package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.gateway.keys.CreatedKey;
import dev.switchboard.gateway.keys.KeyStore;
import dev.switchboard.store.Database;
import dev.switchboard.testsupport.PrometheusText;
import dev.switchboard.testsupport.TestConfigs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} scraped over HTTP after requests through the gateway, parsed by a strict parser of the text
 * format; a key asked for when keys are required; the {@code --metrics-port} server on its own.
 */
class GatewayMetricsTest {
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

    @TempDir
    Path home;

    private Engine engine;
    private Gateway gateway;
    private MetricsServer server;
    private KeyStore keys;
    private Database keysDb;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (gateway != null) {
            gateway.stop(Duration.ofSeconds(5));
        }
        if (engine != null) {
            engine.close();
        }
        if (keys != null) {
            keys.close();
            keysDb.close();
        }
        http.close();
    }

    private void startEngine(String extra) {
        engine = Engine.start(new ConfigLoader(Map.of("SWITCHBOARD_HOME", home.toString())::get)
                .parse(CONFIG + extra + "\nledger: {enabled: false}\n", "metrics.yaml"));
    }

    private HttpResponse<String> send(String method, String url, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int chat(String model, String namespace, String prompt, String... auth) {
        String body = """
                {"model":"%s","messages":[{"role":"user","content":"%s"}]}""".formatted(model, prompt);
        String[] h = namespace == null ? auth : concat(auth, "x-switchboard-namespace", namespace);
        return send("POST", gateway.url() + "/v1/chat/completions", body, concat(h, "content-type",
                "application/json")).statusCode();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aScrapeAfterRequestsShowsHitsFailuresBreakersAndTheHistogram() {
        startEngine("");
        gateway = Gateway.start(engine, "127.0.0.1", 0);
        assertThat(chat("gpt-4o-mini", "support", "hello")).isEqualTo(200);
        assertThat(chat("gpt-4o-mini", "support", "hello")).isEqualTo(200);
        assertThat(chat("gpt-4o", "support", "down")).isEqualTo(503);
        assertThat(chat("gpt-4o", "support", "down again")).isEqualTo(503);
        assertThat(chat("gpt-4o-mini", "invented-by-a-caller", "hi")).isEqualTo(200);

        HttpResponse<String> r = send("GET", gateway.url() + "/metrics", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        PrometheusText t = PrometheusText.parse(r.body());
        assertThat(t.value("switchboard_cache_hits_total", "tier", "L1")).isEqualTo(1);
        assertThat(t.value("switchboard_requests_total", "outcome", "ok", "served_by", "L1", "model",
                "gpt-4o-mini", "namespace", "support")).isEqualTo(1);
        assertThat(t.value("switchboard_requests_total", "outcome", "upstream_unavailable", "served_by", "none",
                "model", "gpt-4o", "namespace", "support")).isEqualTo(2);
        assertThat(t.value("switchboard_requests_total", "outcome", "ok", "served_by", "PROVIDER", "model",
                "gpt-4o-mini", "namespace", "other")).isEqualTo(1);
        assertThat(t.labelValues("switchboard_requests_total", "namespace")).doesNotContain("invented-by-a-caller");
        assertThat(t.value("switchboard_breaker_state", "model", "gpt-4o")).isEqualTo(1);
        assertThat(t.sum("switchboard_request_duration_seconds_count"))
                .isEqualTo(t.sum("switchboard_requests_total")).isEqualTo(5);

        assertThat(send("POST", gateway.url() + "/metrics", "").statusCode()).isEqualTo(405);
    }

    @Test
    void withKeysRequiredAScraperShowsAKey() {
        startEngine("gateway: {require_keys: true}\n");
        keysDb = Database.open("jdbc:h2:file:" + home.resolve("keys").toAbsolutePath(), null, null,
                Duration.ofSeconds(5), 2);
        keys = KeyStore.open(keysDb, InstantSource.system());
        gateway = Gateway.start(engine, "127.0.0.1", 0, keys);
        CreatedKey k = keys.create("prometheus", "ops", null, null, Set.of());

        HttpResponse<String> refused = send("GET", gateway.url() + "/metrics", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).doesNotContain("switchboard_");
        HttpResponse<String> ok = send("GET", gateway.url() + "/metrics", null, "authorization",
                "Bearer " + k.secret());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(PrometheusText.parse(ok.body()).types()).containsKey("switchboard_cache_hits_total");
    }

    @Test
    void theMetricsPortServesMetricsOnLoopbackAndStopsOnClose() {
        startEngine("");
        server = MetricsServer.start(engine, 0);
        assertThat(server.url()).startsWith("http://127.0.0.1:").endsWith("/metrics");
        engine.submit(dev.switchboard.engine.request.ChatRequest.builder().model("gpt-4o-mini").prompt("x").build());

        HttpResponse<String> r = send("GET", server.url(), null);
        assertThat(r.statusCode()).isEqualTo(200);
        PrometheusText t = PrometheusText.parse(r.body());
        assertThat(t.sum("switchboard_requests_total", "outcome", "ok")).isEqualTo(1);
        assertThat(send("GET", server.url().replace("/metrics", "/other"), null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", server.url(), null).statusCode()).isEqualTo(405);

        String url = server.url();
        server.close();
        assertThatThrownBy(() -> send("GET", url, null)).isInstanceOf(java.io.UncheckedIOException.class);
        assertThatThrownBy(() -> MetricsServer.start(engine, 70_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metrics port");
    }
}
