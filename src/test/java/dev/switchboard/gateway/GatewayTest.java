package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.cache.CachedAnswer;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.request.CacheKeys;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.gateway.keys.CreatedKey;
import dev.switchboard.gateway.keys.KeyStore;
import dev.switchboard.store.Database;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.LogCapture;
import dev.switchboard.testsupport.TestConfigs;
import dev.switchboard.testsupport.upstream.MockAnthropic;
import dev.switchboard.testsupport.upstream.MockOpenAi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway end to end over the simulator, with a plain HTTP client: every endpoint, the switchboard headers in
 * and out, every error in both formats with its exact status and body shape, keys, streams (a miss and an L1 hit),
 * a caller who leaves mid-stream, and a graceful stop.
 */
class GatewayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = """
            tiers:
              l1: {enabled: true, ttl: 5m, max_bytes: 64MB}
              l3: {enabled: false}
            namespaces:
              private: {policy: no-store}
            """ + TestConfigs.MODELS;
    /** One attempt and a breaker that never opens in these tests: each error is seen as it is. */
    private static final String ONE_TRY = """
            resilience:
              retry: {max_attempts: 1}
              breaker: {window: 100, min_calls: 100}
            """;
    private static final String INSTANT = TestConfigs.ZERO_LATENCY;

    @TempDir
    Path home;

    private Engine engine;
    private Gateway gateway;
    private KeyStore keys;
    private Database keysDb;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private MockOpenAi openAiUpstream;
    private MockAnthropic anthropicUpstream;

    @AfterEach
    void stop() {
        if (openAiUpstream != null) {
            openAiUpstream.close();
        }
        if (anthropicUpstream != null) {
            anthropicUpstream.close();
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

    // ------------------------------------------------------------------------------------------ setup helpers

    private SwitchboardConfig config(String yaml) {
        String withLedger = yaml.contains("ledger:") ? yaml : yaml + "\nledger: {enabled: false}\n";
        withLedger = withLedger.contains("resilience:") ? withLedger : withLedger + ONE_TRY;
        return new ConfigLoader(Map.of("SWITCHBOARD_HOME", home.toString())::get).parse(withLedger, "gateway.yaml");
    }

    private void start(String extra) {
        engine = Engine.start(config(BASE + extra));
        gateway = Gateway.start(engine, "127.0.0.1", 0);
    }

    private static final String UPSTREAM_KEY = "sk-gateway-test-UPSTREAM";

    /**
     * Models served over HTTP by local upstreams speaking the real formats: {@code up-openai} by an OpenAI one,
     * {@code up-claude} by an Anthropic one.
     */
    private void startWithUpstreams() {
        openAiUpstream = new MockOpenAi().expectKey(UPSTREAM_KEY);
        anthropicUpstream = new MockAnthropic().expectKey(UPSTREAM_KEY);
        String yaml = """
                tiers:
                  l1: {enabled: true, ttl: 5m}
                  l3: {enabled: false}
                providers:
                  openai: {kind: openai, base_url: "%s", api_key: "${UPSTREAM_KEY}", read_timeout: 10s}
                  anthropic: {kind: anthropic, base_url: "%s", api_key: "${UPSTREAM_KEY}", read_timeout: 10s}
                models:
                  up-openai: {version: "1", provider: openai, upstream_model: gpt-4o-mini, input_per_1m: 0.15,
                              output_per_1m: 0.60}
                  up-claude: {version: "1", provider: anthropic, upstream_model: claude-3-5-haiku-20241022,
                              input_per_1m: 0.80, output_per_1m: 4.00}
                ledger: {enabled: false}
                """.formatted(openAiUpstream.baseUrl(), anthropicUpstream.baseUrl()) + ONE_TRY;
        engine = Engine.start(new ConfigLoader(Map.of("SWITCHBOARD_HOME", home.toString(), "UPSTREAM_KEY",
                UPSTREAM_KEY)::get).parse(yaml, "upstreams.yaml"));
        gateway = Gateway.start(engine, "127.0.0.1", 0);
    }

    /** Keys required, from a store on an H2 file of its own. */
    private void startWithKeys(String extra) {
        engine = Engine.start(config(BASE + extra + "\ngateway: {require_keys: true}\n"));
        keysDb = Database.open("jdbc:h2:file:" + home.resolve("keys").toAbsolutePath(), null, null,
                Duration.ofSeconds(5), 2);
        keys = KeyStore.open(keysDb, InstantSource.system());
        gateway = Gateway.start(engine, "127.0.0.1", 0, keys);
    }

    private record Res(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name, List.of()).stream().findFirst().orElse(null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** The SSE frames' data lines, in order. */
        List<String> data() {
            List<String> out = new ArrayList<>();
            for (String line : body.split("\n")) {
                if (line.startsWith("data: ")) {
                    out.add(line.substring(6));
                }
            }
            return out;
        }

        List<String> events() {
            List<String> out = new ArrayList<>();
            for (String line : body.split("\n")) {
                if (line.startsWith("event: ")) {
                    out.add(line.substring(7));
                }
            }
            return out;
        }
    }

    private Res send(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Res(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Res get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    private Res post(String path, String body, String... headers) {
        return send("POST", path, body, headers);
    }

    private static String openAi(String model, String prompt) {
        return """
                {"model":"%s","messages":[{"role":"user","content":"%s"}]}""".formatted(model, prompt);
    }

    private static String openAiStream(String model, String prompt) {
        return """
                {"model":"%s","stream":true,"messages":[{"role":"user","content":"%s"}]}""".formatted(model, prompt);
    }

    private static String anthropic(String model, String prompt) {
        return """
                {"model":"%s","max_tokens":200,"messages":[{"role":"user","content":"%s"}]}""".formatted(model,
                prompt);
    }

    private static String anthropicStream(String model, String prompt) {
        return """
                {"model":"%s","max_tokens":200,"stream":true,"messages":[{"role":"user","content":"%s"}]}"""
                .formatted(model, prompt);
    }

    private static final String[] ANTHROPIC_HEADERS = {"anthropic-version", "2023-06-01"};

    /** The OpenAI error body: exactly error.{message, type, param, code}. */
    private static JsonNode openAiError(Res r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("content-type")).isEqualTo("application/json");
        JsonNode b = r.json();
        assertThat(fieldNames(b)).containsExactly("error");
        assertThat(fieldNames(b.get("error"))).containsExactly("message", "type", "param", "code");
        assertThat(b.at("/error/message").asText()).isNotBlank();
        return b.get("error");
    }

    /** The Anthropic error body: exactly type "error" and error.{type, message}. */
    private static JsonNode anthropicError(Res r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("content-type")).isEqualTo("application/json");
        JsonNode b = r.json();
        assertThat(fieldNames(b)).containsExactly("type", "error");
        assertThat(b.get("type").asText()).isEqualTo("error");
        assertThat(fieldNames(b.get("error"))).containsExactly("type", "message");
        assertThat(b.at("/error/message").asText()).isNotBlank();
        return b.get("error");
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** The text of an OpenAI stream, its content deltas joined. */
    private static String streamedText(Res r) {
        StringBuilder sb = new StringBuilder();
        for (String d : r.data()) {
            if (d.equals("[DONE]")) {
                continue;
            }
            JsonNode chunk = read(d);
            for (JsonNode c : chunk.path("choices")) {
                sb.append(c.path("delta").path("content").asText(""));
            }
        }
        return sb.toString();
    }

    private static JsonNode read(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    // ------------------------------------------------------------------------------------------ endpoints

    @Test
    void aCallersTraceContinuesThroughTheGatewayIntoTheEngine() {
        var exporter = io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter.create();
        engine = Engine.start(config(BASE + INSTANT), dev.switchboard.engine.telemetry.trace.Tracing.exportingTo(exporter,
                0.0));
        gateway = Gateway.start(engine, "127.0.0.1", 0);
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        Res r = post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"trace me\"}]}", "traceparent", "00-" + trace + "-00f067aa0ba902b7-01");
        assertThat(r.status()).isEqualTo(200);
        // Sampled by the caller, so recorded although this gateway samples nothing of its own.
        assertThat(r.header("traceparent")).startsWith("00-" + trace + "-").endsWith("-01");
        // The server span ends once the response is written, a moment after the caller has it.
        dev.switchboard.testsupport.Await.until(java.time.Duration.ofSeconds(10), "the server span",
                () -> exporter.getFinishedSpanItems().stream()
                        .anyMatch(sp -> sp.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER));
        var spans = exporter.getFinishedSpanItems();
        var server = spans.stream().filter(sp -> sp.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER)
                .findFirst().orElseThrow();
        assertThat(server.getName()).isEqualTo("POST /v1/chat/completions");
        assertThat(server.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        var chat = spans.stream().filter(sp -> sp.getName().equals("chat gpt-4o-mini")).findFirst().orElseThrow();
        assertThat(chat.getTraceId()).isEqualTo(trace);
        assertThat(chat.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(chat.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey(
                "switchboard.request_id"))).isEqualTo(r.header("x-switchboard-request-id"));

        // A caller that sent no trace is not sampled here (ratio 0): nothing recorded, no traceparent promised.
        exporter.reset();
        Res untraced = post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"quiet\"}]}");
        assertThat(untraced.status()).isEqualTo(200);
        assertThat(exporter.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void aCallersUnsampledTraceIsLeftOutEvenWhenEverythingElseIsTraced() {
        var exporter = io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter.create();
        engine = Engine.start(config(BASE + INSTANT), dev.switchboard.engine.telemetry.trace.Tracing.exportingTo(exporter,
                1.0));
        gateway = Gateway.start(engine, "127.0.0.1", 0);
        Res r = post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"not me\"}]}", "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
        assertThat(r.status()).isEqualTo(200);
        assertThat(exporter.getFinishedSpanItems()).isEmpty();

        // Without a caller's trace, ratio 1 traces the request: the server span and the engine's under it.
        Res mine = post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"me\"}]}");
        // Sampled (flag bit 0); the SDK also sets W3C level 2's random-trace-id bit.
        assertThat(mine.header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]");
        assertThat(exporter.getFinishedSpanItems().stream().map(io.opentelemetry.sdk.trace.data.SpanData::getName))
                .contains("POST /v1/chat/completions", "chat gpt-4o-mini");
    }

    @Test
    void healthAndReadyAnswerWithoutAKeyAndEchoTheRequestId() {
        startWithKeys(INSTANT);
        Res health = get("/health", "x-request-id", "trace-42");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json()).isEqualTo(read("{\"status\":\"ok\"}"));
        assertThat(health.header("x-switchboard-request-id")).isEqualTo("trace-42");
        assertThat(health.header("x-request-id")).isEqualTo("trace-42");

        Res ready = get("/ready", "x-request-id", "bad id with spaces");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asText()).isEqualTo("ready");
        assertThat(ready.json().get("degraded")).isEmpty();
        assertThat(ready.header("x-switchboard-request-id")).startsWith("req_").hasSize(28);
    }

    @Test
    void readyIsNotReadyWhenNoModelCanAnswerAndNamesWhatIsDown() {
        start(INSTANT);
        engine.resilience().force("gpt-4o", true);
        Res one = get("/ready");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("degraded").toString()).contains("breaker open: gpt-4o");

        engine.resilience().force("gpt-4o-mini", true);
        Res none = get("/ready");
        assertThat(none.status()).isEqualTo(503);
        assertThat(none.json().get("status").asText()).isEqualTo("not_ready");
        assertThat(none.json().get("reasons")).hasSize(1);
        assertThat(none.json().at("/reasons/0").asText()).startsWith("models: none can answer");
    }

    @Test
    void modelsInTheOpenAiShapeOrTheAnthropicOneWhenAskedInIt() {
        start(INSTANT);
        Res openai = get("/v1/models");
        assertThat(openai.status()).isEqualTo(200);
        assertThat(openai.json().get("object").asText()).isEqualTo("list");
        assertThat(openai.json().findValuesAsText("id")).containsExactly("gpt-4o-mini", "gpt-4o");
        assertThat(openai.json().at("/data/0/object").asText()).isEqualTo("model");

        Res anthropic = get("/v1/models", ANTHROPIC_HEADERS);
        assertThat(anthropic.status()).isEqualTo(200);
        assertThat(anthropic.json().findValuesAsText("id")).containsExactly("gpt-4o-mini", "gpt-4o");
        assertThat(anthropic.json().at("/data/0/type").asText()).isEqualTo("model");
        assertThat(anthropic.json().get("has_more").asBoolean()).isFalse();
    }

    @Test
    void chatCompletionsAnswerThenHitL1WithTheSwitchboardHeaders() {
        start(INSTANT);
        Res first = post("/v1/chat/completions", openAi("gpt-4o-mini", "what is a cache?"));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        JsonNode b = first.json();
        assertThat(b.get("object").asText()).isEqualTo("chat.completion");
        assertThat(b.get("id").asText()).startsWith("chatcmpl-");
        assertThat(b.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(b.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(b.at("/choices/0/message/content").asText()).isNotBlank();
        assertThat(b.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(b.at("/usage/total_tokens").asInt()).isPositive();
        assertThat(first.header("x-switchboard-served-by")).isEqualTo("PROVIDER");
        assertThat(first.header("x-switchboard-cache-key")).startsWith("gpt-4o-mini@2024-07-18/default/");
        assertThat(new java.math.BigDecimal(first.header("x-switchboard-cost-usd"))).isPositive();

        Res second = post("/v1/chat/completions", openAi("gpt-4o-mini", "what is a cache?"));
        assertThat(second.header("x-switchboard-served-by")).isEqualTo("L1");
        assertThat(second.header("x-switchboard-cache-key")).isEqualTo(first.header("x-switchboard-cache-key"));
        assertThat(second.header("x-switchboard-cost-usd")).isEqualTo("0.000000");
        assertThat(second.json().at("/choices/0/message/content")).isEqualTo(b.at("/choices/0/message/content"));
    }

    @Test
    void messagesAnswerInTheAnthropicShape() {
        start(INSTANT);
        Res r = post("/v1/messages", anthropic("gpt-4o", "hello there"), ANTHROPIC_HEADERS);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode b = r.json();
        assertThat(b.get("type").asText()).isEqualTo("message");
        assertThat(b.get("role").asText()).isEqualTo("assistant");
        assertThat(b.get("id").asText()).startsWith("msg_");
        assertThat(b.at("/content/0/type").asText()).isEqualTo("text");
        assertThat(b.at("/content/0/text").asText()).isNotBlank();
        assertThat(b.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(b.at("/usage/output_tokens").asInt()).isPositive();
        assertThat(r.header("x-switchboard-served-by")).isEqualTo("PROVIDER");
    }

    @Test
    void namespaceAndCacheHeadersSteerTheCache() {
        start(INSTANT);
        Res ns = post("/v1/chat/completions", openAi("gpt-4o-mini", "ns"), "x-switchboard-namespace", "team-a");
        assertThat(ns.header("x-switchboard-cache-key")).startsWith("gpt-4o-mini@2024-07-18/team-a/");
        assertThat(post("/v1/chat/completions", openAi("gpt-4o-mini", "ns")).header("x-switchboard-served-by"))
                .as("another namespace, another entry").isEqualTo("PROVIDER");

        String body = openAi("gpt-4o-mini", "steer me");
        assertThat(post("/v1/chat/completions", body).header("x-switchboard-served-by")).isEqualTo("PROVIDER");
        assertThat(post("/v1/chat/completions", body).header("x-switchboard-served-by")).isEqualTo("L1");
        assertThat(post("/v1/chat/completions", body, "x-switchboard-cache", "bypass")
                .header("x-switchboard-served-by")).isEqualTo("PROVIDER");

        String unstored = openAi("gpt-4o-mini", "do not keep this");
        assertThat(post("/v1/chat/completions", unstored, "x-switchboard-cache", "no-store")
                .header("x-switchboard-served-by")).isEqualTo("PROVIDER");
        assertThat(post("/v1/chat/completions", unstored).header("x-switchboard-served-by"))
                .as("no-store wrote no tier").isEqualTo("PROVIDER");
        assertThat(post("/v1/chat/completions", unstored).header("x-switchboard-served-by")).isEqualTo("L1");

        JsonNode bad = openAiError(post("/v1/chat/completions", body, "x-switchboard-cache", "sometimes"), 400);
        assertThat(bad.get("param").asText()).isEqualTo("x-switchboard-cache");
        assertThat(bad.get("message").asText()).contains("bypass, no-store");
    }

    @Test
    void withKeysOffTheUserHeaderIsTheUserAndUsageShowsItsSpend() {
        start(INSTANT + """
                budgets:
                  daily: 100
                  per_user: {daily: 5, monthly: 50}
                """);
        post("/v1/chat/completions", openAi("gpt-4o", "bill alice"), "x-switchboard-user", "alice");
        Res mine = get("/v1/usage", "x-switchboard-user", "alice");
        assertThat(mine.status()).isEqualTo(200);
        JsonNode u = mine.json();
        assertThat(u.get("object").asText()).isEqualTo("usage");
        assertThat(u.get("user").asText()).isEqualTo("alice");
        assertThat(u.at("/today/spent_usd").decimalValue()).isPositive();
        assertThat(u.at("/today/limit_usd").decimalValue()).isEqualByComparingTo("5");
        assertThat(u.at("/month/limit_usd").decimalValue()).isEqualByComparingTo("50");
        assertThat(u.at("/month/spent_usd").decimalValue()).isEqualByComparingTo(u.at("/today/spent_usd")
                .decimalValue());
        assertThat(u.has("key")).isFalse();

        JsonNode bob = get("/v1/usage", "x-switchboard-user", "bob").json();
        assertThat(bob.at("/today/spent_usd").decimalValue()).isZero();
        JsonNode all = get("/v1/usage").json();
        assertThat(all.get("user").isNull()).isTrue();
        assertThat(all.at("/today/limit_usd").decimalValue()).isEqualByComparingTo("100");
        assertThat(all.at("/today/spent_usd").decimalValue()).isEqualByComparingTo(u.at("/today/spent_usd")
                .decimalValue());
    }

    // ------------------------------------------------------------------------------------------ streams

    @Test
    void openAiStreamForAMissThenForAnL1HitEndsWithDone() {
        start(INSTANT);
        Res miss = post("/v1/chat/completions", openAiStream("gpt-4o-mini", "stream it"));
        assertThat(miss.status()).as(miss.body()).isEqualTo(200);
        assertThat(miss.header("content-type")).startsWith("text/event-stream");
        assertThat(miss.header("x-switchboard-served-by")).isEqualTo("PROVIDER");
        assertThat(miss.header("x-switchboard-cache-key")).startsWith("gpt-4o-mini@");
        List<String> data = miss.data();
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        assertThat(read(data.get(0)).get("object").asText()).isEqualTo("chat.completion.chunk");
        String text = streamedText(miss);
        assertThat(text).isNotBlank();

        Res hit = post("/v1/chat/completions", openAiStream("gpt-4o-mini", "stream it"));
        assertThat(hit.header("x-switchboard-served-by")).isEqualTo("L1");
        assertThat(streamedText(hit)).isEqualTo(text);
        assertThat(hit.data().get(hit.data().size() - 1)).isEqualTo("[DONE]");

        Res plain = post("/v1/chat/completions", openAi("gpt-4o-mini", "stream it"));
        assertThat(plain.json().at("/choices/0/message/content").asText()).isEqualTo(text);
    }

    @Test
    void anthropicStreamSendsTheDocumentedEventsForAMissAndAHit() {
        start(INSTANT);
        for (String servedBy : List.of("PROVIDER", "L1")) {
            Res r = post("/v1/messages", anthropicStream("gpt-4o", "stream in anthropic"), ANTHROPIC_HEADERS);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.header("x-switchboard-served-by")).isEqualTo(servedBy);
            List<String> events = r.events();
            assertThat(events.get(0)).isEqualTo("message_start");
            assertThat(events).contains("content_block_start", "content_block_delta", "content_block_stop",
                    "message_delta");
            assertThat(events.get(events.size() - 1)).isEqualTo("message_stop");
            assertThat(events).doesNotContain("error");
        }
    }

    @Test
    void aStreamRefusedBeforeItsFirstByteGetsItsOwnStatusAndErrorBody() {
        start(INSTANT);
        JsonNode e = openAiError(post("/v1/chat/completions", openAiStream("no-such-model", "x")), 404);
        assertThat(e.get("code").asText()).isEqualTo("model_not_found");
        anthropicError(post("/v1/messages", anthropicStream("no-such-model", "x"), ANTHROPIC_HEADERS), 404);
    }

    /** A caller that reads the first bytes of a long replayed stream and hangs up: the stream stops there. */
    @Test
    void aCallerWhoLeavesMidStreamStopsTheStream() throws Exception {
        start(INSTANT);
        String body = openAiStream("gpt-4o-mini", "a very long answer");
        ChatRequest asked = ChatRequest.builder().model("gpt-4o-mini").prompt("a very long answer").build();
        String huge = "word ".repeat(2_000_000);
        long now = System.currentTimeMillis();
        engine.cache().store(CacheKeys.of(asked, "2024-07-18"), new CachedAnswer(huge, "gpt-4o-mini", 5, 2_000_000,
                0.0, now, now, null));
        try (Socket s = new Socket("127.0.0.1", gateway.port())) {
            OutputStream out = s.getOutputStream();
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] first = in.readNBytes(4096);
            assertThat(new String(first, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200").contains("L1");
        }
        Await.until(Duration.ofSeconds(30), "the stream to stop", () -> gateway.abandonedStreams() == 1);
        Await.until(Duration.ofSeconds(10), "no request in flight", () -> gateway.inFlight() == 0);
        // The server goes on serving.
        assertThat(get("/health").status()).isEqualTo(200);
    }

    // ------------------------------------------------------------------------------------------ errors

    @Test
    void malformedJsonAndWrongFieldsAre400NamingTheField() {
        start(INSTANT);
        JsonNode notJson = openAiError(post("/v1/chat/completions", "{\"model\":"), 400);
        assertThat(notJson.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(notJson.get("message").asText()).contains("not valid JSON");
        assertThat(anthropicError(post("/v1/messages", "[1]", ANTHROPIC_HEADERS), 400).get("type").asText())
                .isEqualTo("invalid_request_error");
        openAiError(post("/v1/chat/completions", ""), 400);

        JsonNode role = openAiError(post("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}"), 400);
        assertThat(role.get("param").asText()).isEqualTo("messages[0].role");
        JsonNode temp = openAiError(post("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"temperature\":\"hot\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                400);
        assertThat(temp.get("param").asText()).isEqualTo("temperature");
        JsonNode max = anthropicError(post("/v1/messages",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", ANTHROPIC_HEADERS), 400);
        assertThat(max.get("message").asText()).contains("max_tokens");
        // The engine's own validation (namespace) also names its field.
        JsonNode ns = openAiError(post("/v1/chat/completions", openAi("gpt-4o", "hi"), "x-switchboard-namespace",
                "no spaces allowed"), 400);
        assertThat(ns.get("param").asText()).isEqualTo("namespace");
    }

    @Test
    void unknownModelIs404InBothFormats() {
        start(INSTANT);
        JsonNode o = openAiError(post("/v1/chat/completions", openAi("gpt-9", "hi")), 404);
        assertThat(o.get("code").asText()).isEqualTo("model_not_found");
        assertThat(o.get("param").asText()).isEqualTo("model");
        assertThat(o.get("message").asText()).contains("gpt-9");
        JsonNode a = anthropicError(post("/v1/messages", anthropic("gpt-9", "hi"), ANTHROPIC_HEADERS), 404);
        assertThat(a.get("type").asText()).isEqualTo("not_found_error");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405InJson() {
        start(INSTANT);
        JsonNode nf = openAiError(get("/v2/whatever"), 404);
        assertThat(nf.get("message").asText()).contains("/v2/whatever");
        anthropicError(get("/v1/messages/batches"), 404);
        Res wrong = get("/v1/chat/completions");
        assertThat(wrong.header("allow")).isEqualTo("POST");
        assertThat(openAiError(wrong, 405).get("code").asText()).isEqualTo("method_not_allowed");
        Res postHealth = post("/health", "{}");
        assertThat(postHealth.status()).isEqualTo(405);
        assertThat(postHealth.header("allow")).isEqualTo("GET");
        anthropicError(send("DELETE", "/v1/messages", null), 405);
    }

    @Test
    void aBodyOverTheLimitIs413InTheCallersFormatAndTheConnectionServesOn() {
        start(INSTANT + "gateway: {max_body: 2KB}\n");
        String big = openAi("gpt-4o-mini", "x".repeat(4000));
        JsonNode o = openAiError(post("/v1/chat/completions", big), 413);
        assertThat(o.get("code").asText()).isEqualTo("request_too_large");
        assertThat(o.get("message").asText()).contains("2048 bytes");
        JsonNode a = anthropicError(post("/v1/messages", anthropic("gpt-4o-mini", "x".repeat(4000)),
                ANTHROPIC_HEADERS), 413);
        assertThat(a.get("type").asText()).isEqualTo("request_too_large");
        // A chunked body (no length announced) is cut once it passes the limit.
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(gateway.url() + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        big.getBytes(StandardCharsets.UTF_8)))).build();
        try {
            HttpResponse<String> r = http.send(chunked, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.body()).contains("request_too_large");
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(post("/v1/chat/completions", openAi("gpt-4o-mini", "small")).status()).isEqualTo(200);
    }

    @Test
    void aPlanRefusalIs429WithRetryAfterRoundedUp() {
        start(INSTANT + """
                limits:
                  default_plan: tiny
                  plans:
                    tiny: {per_minute: 1}
                """);
        assertThat(post("/v1/chat/completions", openAi("gpt-4o-mini", "one")).status()).isEqualTo(200);
        Res o = post("/v1/chat/completions", openAi("gpt-4o-mini", "two"));
        JsonNode e = openAiError(o, 429);
        assertThat(e.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(e.get("message").asText()).contains("plan_minute");
        long retry = Long.parseLong(o.header("retry-after"));
        long retryMs = Long.parseLong(o.header("retry-after-ms"));
        assertThat(retry).isBetween(1L, 60L).isEqualTo((retryMs + 999) / 1000);
        Res a = post("/v1/messages", anthropic("gpt-4o-mini", "three"), ANTHROPIC_HEADERS);
        assertThat(anthropicError(a, 429).get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(a.header("retry-after")).isNotNull();
    }

    @Test
    void aSpentBudgetIs429NamingTheBudget() {
        start(INSTANT + """
                budgets:
                  per_user: {daily: 0.000001}
                """);
        assertThat(post("/v1/chat/completions", openAi("gpt-4o", "spend"), "x-switchboard-user", "carol").status())
                .isEqualTo(200);
        Res o = post("/v1/chat/completions", openAi("gpt-4o", "spend more"), "x-switchboard-user", "carol");
        JsonNode e = openAiError(o, 429);
        assertThat(e.get("type").asText()).isEqualTo("insufficient_quota");
        assertThat(e.get("message").asText()).contains("daily budget for user carol");
        assertThat(o.header("retry-after")).isNotNull();
        Res a = post("/v1/messages", anthropic("gpt-4o", "spend more"), "x-switchboard-user", "carol",
                "anthropic-version", "2023-06-01");
        assertThat(anthropicError(a, 429).get("message").asText()).contains("daily budget for user carol");
    }

    @Test
    void anUpstream429ChainIs429WithRetryAfter() {
        start("""
                simulated:
                  latency: {median: 0ms, p99: 0ms}
                  rate_429: 1.0
                  retry_after: 1500ms
                """);
        Res o = post("/v1/chat/completions", openAi("gpt-4o-mini", "busy"));
        JsonNode e = openAiError(o, 429);
        assertThat(e.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(o.header("retry-after")).isEqualTo("2");
        Res a = post("/v1/messages", anthropic("gpt-4o-mini", "busy"), ANTHROPIC_HEADERS);
        assertThat(anthropicError(a, 429).get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(a.header("retry-after")).isEqualTo("2");
    }

    @Test
    void anUnavailableOrFailingUpstreamIs503OrAnthropicsOverloaded529() {
        start("""
                simulated:
                  latency: {median: 0ms, p99: 0ms}
                  outages:
                    - {model: gpt-4o, start: 0ms, end: 1h}
                  model_error_rates: {gpt-4o-mini: 1.0}
                """);
        JsonNode down = openAiError(post("/v1/chat/completions", openAi("gpt-4o", "down")), 503);
        assertThat(down.get("type").asText()).isEqualTo("server_error");
        assertThat(down.get("code").asText()).isEqualTo("upstream_unavailable");
        assertThat(anthropicError(post("/v1/messages", anthropic("gpt-4o", "down"), ANTHROPIC_HEADERS), 529)
                .get("type").asText()).isEqualTo("overloaded_error");
        // The chain reports a model that only failed as unavailable too ("no model in its chain could answer").
        JsonNode failing = openAiError(post("/v1/chat/completions", openAi("gpt-4o-mini", "err")), 503);
        assertThat(failing.get("message").asText()).contains("simulated error");
        anthropicError(post("/v1/messages", anthropic("gpt-4o-mini", "err"), ANTHROPIC_HEADERS), 529);
    }

    @Test
    void aTimeoutIs504() {
        start("""
                simulated:
                  latency: {median: 3s, p99: 3s}
                resilience:
                  timeout: 100ms
                  deadline: 100ms
                  retry: {max_attempts: 1}
                """);
        JsonNode o = openAiError(post("/v1/chat/completions", openAi("gpt-4o-mini", "slow")), 504);
        assertThat(o.get("code").asText()).isEqualTo("timed_out");
        assertThat(anthropicError(post("/v1/messages", anthropic("gpt-4o-mini", "slow"), ANTHROPIC_HEADERS), 504)
                .get("type").asText()).isEqualTo("timeout_error");
    }

    @Test
    void anUpstreamsRejectionIs400WithItsMessage() {
        startWithUpstreams();
        openAiUpstream.failNext(1, 400, MockOpenAi.error("Invalid value for 'logit_bias'.", "invalid_request_error",
                "logit_bias", null), Map.of());
        JsonNode o = openAiError(post("/v1/chat/completions", openAi("up-openai", "rejected")), 400);
        assertThat(o.get("code").asText()).isEqualTo("upstream_rejected");
        assertThat(o.get("message").asText()).contains("Invalid value for 'logit_bias'.");
        anthropicUpstream.failNext(1, 400);
        JsonNode a = anthropicError(post("/v1/messages", anthropic("up-claude", "rejected"), ANTHROPIC_HEADERS), 400);
        assertThat(a.get("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void refusedProviderCredentialsAre502NamingTheProviderNeverTheCallersKey() {
        startWithUpstreams();
        openAiUpstream.failNext(1, 401);
        Res o = post("/v1/chat/completions", openAi("up-openai", "whose key"));
        JsonNode e = openAiError(o, 502);
        assertThat(e.get("code").asText()).isEqualTo("provider_auth");
        assertThat(e.get("message").asText()).contains("provider 'openai'").contains("not about your key")
                .doesNotContain(UPSTREAM_KEY);
        anthropicUpstream.failNext(1, 403);
        JsonNode a = anthropicError(post("/v1/messages", anthropic("up-claude", "whose key"), ANTHROPIC_HEADERS),
                502);
        assertThat(a.get("type").asText()).isEqualTo("api_error");
        assertThat(a.get("message").asText()).contains("provider 'anthropic'");
        assertThat(get("/ready").json().get("degraded").toString()).contains("provider openai: credentials refused");
    }

    @Test
    void aStreamCutAfterItsFirstBytesEndsWithAnErrorEventNeverACleanFinish() {
        startWithUpstreams();
        openAiUpstream.answer("one two three four five six seven eight nine ten").cutAfter(3);
        Res o = post("/v1/chat/completions", openAiStream("up-openai", "cut me"));
        assertThat(o.status()).isEqualTo(200);
        List<String> data = o.data();
        assertThat(data).doesNotContain("[DONE]");
        JsonNode last = read(data.get(data.size() - 1));
        assertThat(last.at("/error/message").asText()).contains("broke before its end");
        assertThat(data.size()).as("some deltas came first").isGreaterThan(2);

        anthropicUpstream.answer("one two three four five six seven eight nine ten").streamErrorAfter(3);
        Res a = post("/v1/messages", anthropicStream("up-claude", "cut me"), ANTHROPIC_HEADERS);
        assertThat(a.status()).isEqualTo(200);
        List<String> events = a.events();
        assertThat(events.get(0)).isEqualTo("message_start");
        assertThat(events.get(events.size() - 1)).isEqualTo("error");
        assertThat(events).doesNotContain("message_stop");
        // Nothing of a cut stream was cached: the next one goes upstream again.
        openAiUpstream.reset();
        assertThat(post("/v1/chat/completions", openAiStream("up-openai", "cut me")).header(
                "x-switchboard-served-by")).isEqualTo("PROVIDER");
    }

    /** A caller that hangs up on a slow upstream stream: the upstream call stops, and nothing of it is cached. */
    @Test
    void aCallerWhoLeavesAnUpstreamStreamStopsTheUpstreamCall() throws Exception {
        startWithUpstreams();
        openAiUpstream.answer("word ".repeat(400).strip()).pace(Duration.ofMillis(20));
        String body = openAiStream("up-openai", "talk slowly");
        try (Socket s = new Socket("127.0.0.1", gateway.port())) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: " + b.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.flush();
            String first = new String(s.getInputStream().readNBytes(600), StandardCharsets.UTF_8);
            assertThat(first).startsWith("HTTP/1.1 200").contains("x-switchboard-served-by: PROVIDER");
        }
        Await.until(Duration.ofSeconds(30), "the stream to stop", () -> gateway.abandonedStreams() == 1);
        Await.until(Duration.ofSeconds(10), "no request in flight", () -> gateway.inFlight() == 0);
        assertThat(openAiUpstream.requestCount()).isEqualTo(1);
        openAiUpstream.pace(Duration.ZERO);
        assertThat(post("/v1/chat/completions", body).header("x-switchboard-served-by")).isEqualTo("PROVIDER");
        assertThat(openAiUpstream.requestCount()).isEqualTo(2);
    }

    @Test
    void upstreamToolCallsComeBackInBothFormats() {
        startWithUpstreams();
        openAiUpstream.toolCall("call_1", "get_weather", "{\"city\":\"Paris\"}");
        String tools = """
                {"model":"up-openai","messages":[{"role":"user","content":"weather?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}""";
        JsonNode o = post("/v1/chat/completions", tools).json();
        assertThat(o.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(o.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(read(o.at("/choices/0/message/tool_calls/0/function/arguments").asText()))
                .isEqualTo(read("{\"city\":\"Paris\"}"));

        anthropicUpstream.toolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}");
        String anthropicTools = """
                {"model":"up-claude","max_tokens":100,"messages":[{"role":"user","content":"weather?"}],
                 "tools":[{"name":"get_weather","input_schema":{"type":"object"}}]}""";
        JsonNode a = post("/v1/messages", anthropicTools, ANTHROPIC_HEADERS).json();
        assertThat(a.get("stop_reason").asText()).isEqualTo("tool_use");
        JsonNode use = a.get("content").get(a.get("content").size() - 1);
        assertThat(use.get("type").asText()).isEqualTo("tool_use");
        assertThat(use.get("name").asText()).isEqualTo("get_weather");
        assertThat(use.get("input")).isEqualTo(read("{\"city\":\"Paris\"}"));
    }

    // ------------------------------------------------------------------------------------------ keys

    @Test
    void withKeysRequiredAMissingOrWrongKeyIs401InBothFormats() {
        startWithKeys(INSTANT);
        assertThat(gateway.keysRequired()).isTrue();
        JsonNode none = openAiError(post("/v1/chat/completions", openAi("gpt-4o", "hi")), 401);
        assertThat(none.get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(none.get("message").asText()).contains("Authorization: Bearer");
        openAiError(post("/v1/chat/completions", openAi("gpt-4o", "hi"), "authorization",
                "Bearer sb-" + "x".repeat(40)), 401);
        assertThat(anthropicError(post("/v1/messages", anthropic("gpt-4o", "hi"), "x-api-key", "sb-nope",
                "anthropic-version", "2023-06-01"), 401).get("type").asText()).isEqualTo("authentication_error");
        openAiError(get("/v1/models"), 401);
        openAiError(get("/v1/usage"), 401);
    }

    @Test
    void aKeyNamesTheUserPlanAndModelsAndBothHeadersCarryIt() {
        startWithKeys(INSTANT + """
                limits:
                  default_plan: pro
                  plans:
                    pro: {per_minute: 100}
                    tiny: {per_minute: 1}
                """);
        CreatedKey k = keys.create("ci", "dana", "tiny", null, Set.of("gpt-4o-mini"));
        Res bearer = post("/v1/chat/completions", openAi("gpt-4o-mini", "as dana"), "authorization",
                "Bearer " + k.secret(), "x-switchboard-user", "mallory");
        assertThat(bearer.status()).as(bearer.body()).isEqualTo(200);

        JsonNode forbidden = openAiError(post("/v1/chat/completions", openAi("gpt-4o", "not mine"),
                "authorization", "Bearer " + k.secret()), 403);
        assertThat(forbidden.get("type").asText()).isEqualTo("permission_error");
        assertThat(forbidden.get("message").asText()).contains("gpt-4o").contains("gpt-4o-mini");
        assertThat(anthropicError(post("/v1/messages", anthropic("gpt-4o", "not mine"), "x-api-key", k.secret(),
                "anthropic-version", "2023-06-01"), 403).get("type").asText()).isEqualTo("permission_error");

        // The key's plan (tiny: one a minute) is the request's plan: the second call is refused.
        Res second = post("/v1/messages", anthropic("gpt-4o-mini", "again"), "x-api-key", k.secret(),
                "anthropic-version", "2023-06-01");
        assertThat(anthropicError(second, 429).get("message").asText()).contains("plan_minute");

        JsonNode models = get("/v1/models", "authorization", "Bearer " + k.secret()).json();
        assertThat(models.findValuesAsText("id")).containsExactly("gpt-4o-mini");
        JsonNode usage = get("/v1/usage", "authorization", "Bearer " + k.secret(), "x-switchboard-user",
                "mallory").json();
        assertThat(usage.get("user").asText()).as("the owner, not the header").isEqualTo("dana");
        assertThat(usage.at("/today/spent_usd").decimalValue()).isPositive();
        assertThat(usage.at("/key/prefix").asText()).isEqualTo(k.key().prefix());
        assertThat(usage.at("/key/plan").asText()).isEqualTo("tiny");
        assertThat(usage.at("/key/monthly_budget").isNull()).isTrue();
    }

    @Test
    void aKeysBudgetRefusesWith429NamingItOnceTheOwnersMonthReachedIt() {
        startWithKeys(INSTANT);
        CreatedKey k = keys.create("tight", "erin", null, 1L, Set.of());
        assertThat(post("/v1/chat/completions", openAi("gpt-4o", "first"), "authorization", "Bearer " + k.secret())
                .status()).isEqualTo(200);
        Res refused = post("/v1/chat/completions", openAi("gpt-4o", "second"), "authorization",
                "Bearer " + k.secret());
        JsonNode e = openAiError(refused, 429);
        assertThat(e.get("type").asText()).isEqualTo("insufficient_quota");
        assertThat(e.get("message").asText()).contains("monthly budget of key " + k.key().prefix());
        assertThat(refused.header("retry-after")).isNotNull();
        JsonNode usage = get("/v1/usage", "authorization", "Bearer " + k.secret()).json();
        assertThat(usage.at("/key/monthly_budget/limit_usd").decimalValue()).isEqualByComparingTo("0.000001");
        assertThat(usage.at("/key/monthly_budget/remaining_usd").decimalValue()).isZero();
    }

    @Test
    void theGatewayOpensKeysOnTheLedgersDatabaseAndNoKeyReachesTheLog() {
        try (LogCapture log = new LogCapture(ch.qos.logback.classic.Level.DEBUG)) {
            engine = Engine.start(config(BASE + INSTANT + "gateway: {require_keys: true}\n"
                    + "ledger: {enabled: true}\n"));
            String secret;
            try (KeyStore admin = KeyStore.open(engine.config().ledger(), InstantSource.system())) {
                secret = admin.create("ops", "frank", null, null, Set.of()).secret();
            }
            gateway = Gateway.start(engine, "127.0.0.1", 0);
            assertThat(post("/v1/chat/completions", openAi("gpt-4o", "keyed"), "authorization", "Bearer " + secret)
                    .status()).isEqualTo(200);
            openAiError(post("/v1/chat/completions", openAi("gpt-4o", "keyed"), "authorization", "Bearer " + secret
                    + "x"), 401);
            gateway.stop(Duration.ofSeconds(5));
            String all = String.join("\n", log.everything());
            assertThat(all).contains("gateway listening on").contains("stopped");
            assertThat(all).doesNotContain(secret).doesNotContain(secret.substring(10));
        }
    }

    @Test
    void keysDefaultToRequiredOffLoopbackAndAreRefusedWithoutALedger() {
        assertThat(dev.switchboard.engine.config.GatewayConfig.DEFAULTS.requireKeys("127.0.0.1")).isFalse();
        assertThat(dev.switchboard.engine.config.GatewayConfig.DEFAULTS.requireKeys("localhost")).isFalse();
        assertThat(dev.switchboard.engine.config.GatewayConfig.DEFAULTS.requireKeys("::1")).isFalse();
        assertThat(dev.switchboard.engine.config.GatewayConfig.DEFAULTS.requireKeys("0.0.0.0")).isTrue();
        assertThat(dev.switchboard.engine.config.GatewayConfig.DEFAULTS.requireKeys("10.1.2.3")).isTrue();
        engine = Engine.start(config(BASE + INSTANT + "gateway: {require_keys: true}\n"));
        assertThatThrownBy(() -> Gateway.start(engine, "127.0.0.1", 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gateway.require_keys: true").hasMessageContaining("ledger");
        assertThat(config(BASE + "gateway: {require_keys: false}\n").gateway().requireKeys("0.0.0.0")).isFalse();
    }

    // ------------------------------------------------------------------------------------------ shutdown

    @Test
    void aPortInUseIsRefusedWithTheReason() {
        start(INSTANT);
        assertThatThrownBy(() -> Gateway.start(engine, "127.0.0.1", gateway.port()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot listen on 127.0.0.1:" + gateway.port())
                .hasMessageContaining("in use");
        assertThat(get("/health").status()).as("the first one serves on").isEqualTo(200);
    }

    @Test
    void aGracefulStopLetsInFlightRequestsAndStreamsFinish() throws Exception {
        start("""
                simulated:
                  latency: {median: 1500ms, p99: 1500ms}
                """);
        CompletableFuture<HttpResponse<String>> plain = http.sendAsync(HttpRequest.newBuilder(
                        URI.create(gateway.url() + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(openAi("gpt-4o-mini", "slow one"))).build(),
                HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> stream = http.sendAsync(HttpRequest.newBuilder(
                        URI.create(gateway.url() + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(openAiStream("gpt-4o-mini", "slow stream"))).build(),
                HttpResponse.BodyHandlers.ofString());
        Await.until(Duration.ofSeconds(10), "both requests in flight", () -> gateway.inFlight() == 2);
        String url = gateway.url();
        boolean finished = gateway.stop(Duration.ofSeconds(30));
        assertThat(finished).isTrue();
        assertThat(plain.get().statusCode()).isEqualTo(200);
        assertThat(read(plain.get().body()).at("/choices/0/message/content").asText()).isNotBlank();
        assertThat(stream.get().statusCode()).isEqualTo(200);
        assertThat(stream.get().body()).endsWith("data: [DONE]\n\n");
        assertThat(gateway.inFlight()).isZero();
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
    }
}
