package dev.switchboard.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.keys.CreatedKey;
import dev.switchboard.gateway.keys.KeyStore;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.upstream.MockAnthropic;
import dev.switchboard.testsupport.upstream.MockOpenAi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Real traffic through the whole engine with every feature on: applications call the gateway in both wire formats,
 * plain and streamed, with gateway keys, through L1/L2/L3, plan windows, upstream buckets, breakers, retries, the
 * fallback chain and the ledger, to local upstreams speaking the OpenAI and Anthropic formats. Counts only.
 */
class GatewayScenarioIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PROMPTS = 24;
    private static final int CLIENTS = 8;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private record Res(int status, String servedBy, String model, String text, String requestId, String body) {
    }

    /** The four shapes an application can ask in: OpenAI or Anthropic, plain or streamed. */
    private enum Shape {
        OPENAI, OPENAI_STREAM, ANTHROPIC, ANTHROPIC_STREAM;

        boolean anthropic() {
            return this == ANTHROPIC || this == ANTHROPIC_STREAM;
        }

        boolean stream() {
            return this == OPENAI_STREAM || this == ANTHROPIC_STREAM;
        }
    }

    private Res ask(Gateway g, String key, Shape shape, String model, String prompt, String... headers) {
        String body = shape.anthropic()
                ? "{\"model\":\"%s\",\"max_tokens\":200,\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}"
                        .formatted(model, shape.stream(), prompt)
                : "{\"model\":\"%s\",\"max_tokens\":200,\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}"
                        .formatted(model, shape.stream(), prompt);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(g.url() + (shape.anthropic() ? "/v1/messages"
                : "/v1/chat/completions"))).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        if (key != null) {
            b.header(shape.anthropic() ? "x-api-key" : "authorization", shape.anthropic() ? key : "Bearer " + key);
        }
        if (shape.anthropic()) {
            b.header("anthropic-version", "2023-06-01");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String servedBy = r.headers().firstValue("x-switchboard-served-by").orElse(null);
            String requestId = r.headers().firstValue("x-switchboard-request-id").orElse(null);
            if (r.statusCode() != 200) {
                return new Res(r.statusCode(), servedBy, null, null, requestId, r.body());
            }
            String[] modelAndText = shape.stream() ? streamed(shape, r.body()) : plain(shape, r.body());
            return new Res(200, servedBy, modelAndText[0], modelAndText[1], requestId, r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String[] plain(Shape shape, String body) throws IOException {
        JsonNode b = JSON.readTree(body);
        if (shape.anthropic()) {
            return new String[] {b.path("model").asText(), b.at("/content/0/text").asText()};
        }
        return new String[] {b.path("model").asText(), b.at("/choices/0/message/content").asText()};
    }

    /** The model and the text of a stream, or null text when it did not end as a complete stream does. */
    private static String[] streamed(Shape shape, String body) throws IOException {
        StringBuilder text = new StringBuilder();
        String model = null;
        boolean complete = false;
        for (String line : body.split("\n")) {
            if (!line.startsWith("data: ")) {
                continue;
            }
            String data = line.substring(6);
            if (data.equals("[DONE]")) {
                complete = true;
                continue;
            }
            JsonNode d = JSON.readTree(data);
            if (shape.anthropic()) {
                switch (d.path("type").asText()) {
                    case "message_start" -> model = d.at("/message/model").asText();
                    case "content_block_delta" -> text.append(d.at("/delta/text").asText(""));
                    case "message_stop" -> complete = true;
                    default -> { }
                }
            } else {
                model = d.path("model").asText(model);
                for (JsonNode c : d.path("choices")) {
                    text.append(c.at("/delta/content").asText(""));
                }
            }
        }
        return new String[] {model, complete ? text.toString() : null};
    }

    @Test
    void applicationsInBothFormatsThroughEveryFeature() throws Exception {
        try (Scenario sc = new Scenario();
             MockOpenAi openai = new MockOpenAi().answer("Paris is the capital of France.");
             MockAnthropic anthropic = new MockAnthropic().answer("Bonjour from Claude.")) {
            SwitchboardConfig cfg = sc.config(Map.of(
                    "providers", """
                            providers:
                              openai: {kind: openai, base_url: "%s", read_timeout: 5s}
                              anthropic: {kind: anthropic, base_url: "%s", read_timeout: 5s}
                            """.formatted(openai.baseUrl(), anthropic.baseUrl()),
                    "models", sc.models(Map.of("gpt-4o-mini", "openai", "gpt-4o", "openai",
                            "claude-3-5-haiku", "anthropic")),
                    "gateway", "gateway: {require_keys: true}\n"));
            try (Engine engine = Engine.start(cfg);
                 KeyStore keys = KeyStore.open(cfg.ledger(), InstantSource.system())) {
                CreatedKey app = keys.create("app", "alice", "pro", null, Set.of());
                CreatedKey narrow = keys.create("narrow", "bob", "free", null, Set.of("gpt-4o-mini"));
                Gateway g = Gateway.start(engine, "127.0.0.1", 0, keys);
                try {
                    run(sc, engine, g, app.secret(), narrow.secret(), openai, anthropic);
                } finally {
                    assertThat(g.stop(Duration.ofSeconds(10))).isTrue();
                }
            }
        }
    }

    private void run(Scenario sc, Engine engine, Gateway g, String app, String narrow, MockOpenAi openai,
                     MockAnthropic anthropic) throws Exception {
        // 1. Keys: none, a wrong one, and a model the key may not use are refused before the engine sees them.
        assertThat(ask(g, null, Shape.OPENAI, "gpt-4o-mini", "hello").status()).isEqualTo(401);
        assertThat(ask(g, "sb-not-a-key", Shape.ANTHROPIC, "gpt-4o-mini", "hello").status()).isEqualTo(401);
        assertThat(ask(g, narrow, Shape.OPENAI, "claude-3-5-haiku", "hello").status()).isEqualTo(403);
        assertThat(openai.requestCount() + anthropic.requestCount()).isZero();

        // 2. Misses, one at a time: every distinct request is one upstream call; the first two OpenAI calls fail
        //    with 500 and are retried. Each shape asks its own prompts, so each request is its own cache key.
        openai.failNext(2, 500);
        Set<String> requestIds = ConcurrentHashMap.newKeySet();
        int misses = 0;
        for (int i = 0; i < PROMPTS; i++) {
            Shape shape = Shape.values()[i % 4];
            String model = i % 6 == 5 ? "claude-3-5-haiku" : "gpt-4o-mini";
            Res r = ask(g, app, shape, model, "question " + i);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.servedBy()).isEqualTo("PROVIDER");
            assertThat(r.text()).isEqualTo(model.startsWith("claude") ? "Bonjour from Claude."
                    : "Paris is the capital of France.");
            assertThat(requestIds.add(r.requestId())).isTrue();
            misses++;
        }
        int claudeMisses = PROMPTS / 6;
        assertThat(anthropic.requestCount()).isEqualTo(claudeMisses);
        assertThat(openai.requestCount()).isEqualTo(PROMPTS - claudeMisses + 2);

        // 3. The same requests again from eight clients at once: every one an L1 hit, streams replayed as chunks.
        LongAdder hits = new LongAdder();
        List<Future<Res>> again = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < PROMPTS; i++) {
                    int n = i;
                    again.add(clients.submit(() -> ask(g, app, Shape.values()[n % 4],
                            n % 6 == 5 ? "claude-3-5-haiku" : "gpt-4o-mini", "question " + n)));
                }
            }
            for (Future<Res> f : again) {
                Res r = f.get();
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.servedBy()).isEqualTo("L1");
                assertThat(r.text()).isNotNull();
                assertThat(requestIds.add(r.requestId())).isTrue();
                hits.increment();
            }
        }
        assertThat(hits.sum()).isEqualTo(4L * PROMPTS);
        assertThat(anthropic.requestCount()).isEqualTo(claudeMisses);
        assertThat(openai.requestCount()).isEqualTo(PROMPTS - claudeMisses + 2);

        // 4. OpenAI goes down: gpt-4o-mini's answers come from its fallback, claude-3-5-haiku, in both formats.
        //    A fallback's answer is not stored under the asked model's key, so these stay misses.
        openai.failNext(10_000, 503);
        int fallbacks = 8;
        for (int i = 0; i < fallbacks; i++) {
            Res r = ask(g, app, Shape.values()[i % 4], "gpt-4o-mini", "outage question " + i);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.servedBy()).isEqualTo("PROVIDER");
            assertThat(r.text()).isEqualTo("Bonjour from Claude.");
        }
        assertThat(anthropic.requestCount()).isEqualTo(claudeMisses + fallbacks);
        assertThat(engine.snapshot().resilience().fellBack()).isEqualTo(fallbacks);

        // 5. The ledger holds one answer row per answered request (refusals are no answer), and the failed calls
        //    (two 500s before the outage, then every 503 the chain met) as failed-call rows.
        long answered = misses + hits.sum() + fallbacks;
        Await.until(Duration.ofSeconds(20), "the ledger to write every answer", () -> sc.answerRows() == answered);
        assertThat(sc.answerRows()).isEqualTo(answered);
        long failedCalls = openai.requestCount() - (PROMPTS - claudeMisses);
        Await.until(Duration.ofSeconds(20), "the ledger to write every failed call",
                () -> sc.failedCallRows() == failedCalls);
        assertThat(sc.failedCallRows()).isEqualTo(failedCalls);
        // Every answer is booked to the key's owner.
        assertThat(sc.queryLong("SELECT COUNT(*) FROM " + sc.id + ".ledger_event WHERE user_name = 'alice'"))
                .isEqualTo(answered + failedCalls);
    }
}
