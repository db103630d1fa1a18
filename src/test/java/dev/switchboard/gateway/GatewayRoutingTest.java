package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.gateway.keys.KeyStore;
import dev.switchboard.store.Database;
import dev.switchboard.testsupport.TestConfigs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests that name a route through the gateway: the official OpenAI SDK asking {@code auto}, the decision in the
 * headers (and a stream's trailers), {@code x-switchboard-latency}, keys that list routes, the models lists, and
 * {@code /v1/route-suggest}. Simulated models, keys required, each test with a home of its own.
 */
class GatewayRoutingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CODING = "Write a Python function that merges two sorted lists and handles "
            + "duplicates, with unit tests and type hints.";
    private static final String LABEL_SCHEMA = """
            {"type": "json_schema", "json_schema": {"name": "sentiment", "strict": true, "schema": {
              "type": "object", "required": ["label", "confidence"], "additionalProperties": false,
              "properties": {"label": {"type": "string", "enum": ["positive", "negative", "neutral"]},
                             "confidence": {"type": "number", "minimum": 0, "maximum": 1}}}}}
            """;
    private static final String CONFIG = """
            tiers:
              l1: {enabled: true, ttl: 5m}
              l3: {enabled: false}
            """ + TestConfigs.MODELS + """
            simulated:
              latency: {median: 0ms, p99: 0ms}
              output:
                default: {clean: 1.0, broken: 0, prose: 0, fenced: 0, key_value: 0, refusal: 0}
            parse: {enabled: true}
            resilience:
              retry: {max_attempts: 1}
              breaker: {window: 100, min_calls: 100}
            ledger: {enabled: false}
            gateway: {require_keys: true}
            routing:
              premium: gpt-4o
              routes:
                auto:
                  kind: table
                  otherwise: gpt-4o-mini
                  table:
                    coding: gpt-4o
                    math: cheap-first
                  fast_model: gpt-4o-mini
                cheap-first:
                  kind: cascade
                  stages: [gpt-4o-mini, gpt-4o]
                  threshold: 0.5
                  confidence: field
                  field: confidence
                ab:
                  kind: experiment
                  a: gpt-4o-mini
                  b: gpt-4o
                  b_percent: 30
                five:
                  kind: vote
                  voters: [gpt-4o-mini, gpt-4o-mini, gpt-4o-mini, gpt-4o-mini, gpt-4o-mini]
                  field: label
                  early_stop: true
            """;

    @TempDir
    Path home;

    private Engine engine;
    private Database keysDb;
    private KeyStore keys;
    private Gateway gateway;
    private String fullKey;
    private String autoOnlyKey;
    private String modelsOnlyKey;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        engine = Engine.start(new ConfigLoader(Map.of("SWITCHBOARD_HOME", home.toString())::get)
                .parse(CONFIG, "routing.yaml"));
        keysDb = Database.open("jdbc:h2:file:" + home.resolve("keys").toAbsolutePath(), null, null,
                Duration.ofSeconds(5), 2);
        keys = KeyStore.open(keysDb, InstantSource.system());
        fullKey = keys.create("full", "olivia", null, null, Set.of()).secret();
        autoOnlyKey = keys.create("auto-only", "otto", null, null, Set.of("auto")).secret();
        modelsOnlyKey = keys.create("models-only", "mo", null, null, Set.of("gpt-4o", "gpt-4o-mini")).secret();
        gateway = Gateway.start(engine, "127.0.0.1", 0, keys);
    }

    @AfterEach
    void stop() {
        gateway.stop(Duration.ofSeconds(5));
        engine.close();
        keys.close();
        keysDb.close();
        http.close();
    }

    private OpenAIClient openAi(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(gateway.url() + "/v1").apiKey(key).maxRetries(0).build();
    }

    private static ChatCompletionCreateParams ask(String model, String prompt) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(prompt).build();
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

    private String bearer(String key) {
        return "Bearer " + key;
    }

    private static String chatBody(String model, String prompt) {
        return JSON.createObjectNode().put("model", model).set("messages", JSON.createArrayNode()
                .add(JSON.createObjectNode().put("role", "user").put("content", prompt))).toString();
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------ chat

    @Test
    void theOpenAiSdkAsksAutoAndGetsTheRoutedModelsAnswerWithTheDecision() {
        OpenAIClient client = openAi(fullKey);
        HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse().create(ask("auto", CODING));
        ChatCompletion c = raw.parse();
        // The model that answered, as OpenAI reports it; the route is in the headers.
        assertThat(c.model()).isEqualTo("gpt-4o");
        assertThat(c.choices().get(0).message().content()).isPresent();
        assertThat(raw.headers().values(RouteHeaders.DECISION)).singleElement().asString()
                .startsWith("auto: coding/").endsWith(" -> gpt-4o");
        assertThat(raw.headers().values(RouteHeaders.MODEL)).containsExactly("gpt-4o");
        assertThat(raw.headers().values("x-switchboard-served-by")).containsExactly("PROVIDER");

        HttpResponseFor<ChatCompletion> chat = client.chat().completions().withRawResponse()
                .create(ask("auto", "Hi! How are you today?"));
        assertThat(chat.parse().model()).isEqualTo("gpt-4o-mini");
        assertThat(chat.headers().values(RouteHeaders.DECISION)).singleElement().asString()
                .isEqualTo("auto: chat/low -> gpt-4o-mini");

        // A plain model request carries no route headers.
        HttpResponseFor<ChatCompletion> plain = client.chat().completions().withRawResponse()
                .create(ask("gpt-4o", "Hi! How are you today?"));
        assertThat(plain.headers().values(RouteHeaders.DECISION)).isEmpty();
        assertThat(engine.snapshot().routing().requests()).isEqualTo(2);
    }

    @Test
    void theLatencyHeaderSendsATableToItsFastModelAndAnyOtherValueIs400InEachShape() {
        OpenAIClient client = openAi(fullKey);
        HttpResponseFor<ChatCompletion> fast = client.chat().completions().withRawResponse().create(
                ask("auto", CODING).toBuilder().putAdditionalHeader("x-switchboard-latency", "sensitive").build());
        assertThat(fast.parse().model()).isEqualTo("gpt-4o-mini");
        assertThat(fast.headers().values(RouteHeaders.DECISION)).singleElement().asString()
                .startsWith("auto: coding/").endsWith(" -> gpt-4o-mini");

        com.openai.errors.BadRequestException bad = catchThrowableOfType(com.openai.errors.BadRequestException.class,
                () -> client.chat().completions().create(ask("auto", CODING).toBuilder()
                        .putAdditionalHeader("x-switchboard-latency", "urgent").build()));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.param()).contains("x-switchboard-latency");
        assertThat(bad.getMessage()).contains("x-switchboard-latency").contains("'sensitive'").contains("urgent");

        Res anthropic = send("POST", "/v1/messages", """
                {"model":"auto","max_tokens":50,"messages":[{"role":"user","content":"hi"}]}""",
                "x-api-key", fullKey, "anthropic-version", "2023-06-01", "x-switchboard-latency", "fast");
        assertThat(anthropic.status()).isEqualTo(400);
        assertThat(anthropic.json().get("type").asText()).isEqualTo("error");
        assertThat(anthropic.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(anthropic.json().at("/error/message").asText()).contains("x-switchboard-latency")
                .contains("sensitive");
    }

    @Test
    void aCascadeAVoteAndAnExperimentSayWhatTheyDidInTheirHeaders() throws Exception {
        String schema = JSON.readTree(LABEL_SCHEMA).toString();
        Res cascade = send("POST", "/v1/chat/completions", """
                {"model":"cheap-first","response_format":%s,
                 "messages":[{"role":"user","content":"How do people feel about the release?"}]}""".formatted(schema),
                "authorization", bearer(fullKey));
        assertThat(cascade.status()).as(cascade.body()).isEqualTo(200);
        String stage = cascade.header(RouteHeaders.STAGE);
        assertThat(stage).isIn("1", "2");
        assertThat(cascade.json().get("model").asText()).isEqualTo(stage.equals("1") ? "gpt-4o-mini" : "gpt-4o");
        assertThat(cascade.header(RouteHeaders.DECISION)).isEqualTo("cheap-first: stage " + stage + " -> "
                + cascade.json().get("model").asText());
        assertThat(Double.parseDouble(cascade.header(RouteHeaders.CONFIDENCE))).isBetween(0.0, 1.0);

        Res vote = send("POST", "/v1/chat/completions", """
                {"model":"five","temperature":0.7,"response_format":%s,
                 "messages":[{"role":"user","content":"Classify the sentiment of this review"}]}""".formatted(schema),
                "authorization", bearer(fullKey));
        assertThat(vote.status()).as(vote.body()).isEqualTo(200);
        String[] votes = vote.header(RouteHeaders.VOTES).split(",");
        assertThat(votes.length).isBetween(3, 5);
        assertThat(votes).allSatisfy(v -> assertThat(v).matches("gpt-4o-mini=(positive|negative|neutral)"));
        assertThat(vote.header(RouteHeaders.DECISION)).matches(
                "five: vote \"(positive|negative|neutral)\" \\d of \\d -> gpt-4o-mini");
        assertThat(vote.json().get("model").asText()).isEqualTo("gpt-4o-mini");

        Res ab = send("POST", "/v1/chat/completions", chatBody("ab", "which arm am I on?"),
                "authorization", bearer(fullKey));
        String arm = ab.header(RouteHeaders.ARM);
        assertThat(arm).isIn("a", "b");
        assertThat(ab.header(RouteHeaders.DECISION)).isEqualTo("ab: arm " + arm + " -> "
                + (arm.equals("a") ? "gpt-4o-mini" : "gpt-4o"));
        assertThat(ab.json().get("model").asText()).isEqualTo(arm.equals("a") ? "gpt-4o-mini" : "gpt-4o");
    }

    @Test
    void aStreamedRoutedAnswerSendsItsDecisionAsTrailers() throws Exception {
        ChatCompletionCreateParams p = ask("auto", CODING + " Streamed.");
        StringBuilder text = new StringBuilder();
        try (var s = openAi(fullKey).chat().completions().createStreaming(p)) {
            s.stream().forEach((ChatCompletionChunk c) -> c.choices().forEach(ch -> ch.delta().content()
                    .ifPresent(text::append)));
        }
        assertThat(text).isNotEmpty();

        // The SDK does not read trailers: a raw HTTP/1.1 exchange does.
        byte[] body = """
                {"model":"auto","stream":true,"messages":[{"role":"user","content":"%s"}]}"""
                .formatted(CODING + " Raw.").getBytes(StandardCharsets.UTF_8);
        String raw;
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + fullKey
                    + "\r\nContent-Type: application/json\r\nTE: trailers\r\nConnection: close\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(raw).startsWith("HTTP/1.1 200");
        String head = raw.substring(0, raw.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
        assertThat(head).contains("trailer: x-switchboard-cost-usd, x-switchboard-route-decision");
        String tail = raw.substring(raw.lastIndexOf("data: [DONE]"));
        assertThat(tail).containsPattern("(?i)x-switchboard-route-decision: auto: coding/\\w+ -> gpt-4o\r\n")
                .containsPattern("(?i)x-switchboard-routed-model: gpt-4o\r\n")
                .containsPattern("(?i)x-switchboard-cost-usd: 0\\.\\d{6}\r\n");
    }

    // ------------------------------------------------------------------------------------------ keys and lists

    @Test
    void aRouteIsItsOwnNameInAKeysList() {
        // Listed: the route, and through it the models it calls (the engine's calls, not the caller's).
        HttpResponseFor<ChatCompletion> ok = openAi(autoOnlyKey).chat().completions().withRawResponse()
                .create(ask("auto", CODING));
        assertThat(ok.parse().model()).isEqualTo("gpt-4o");
        assertThat(catchThrowableOfType(com.openai.errors.PermissionDeniedException.class,
                () -> openAi(autoOnlyKey).chat().completions().create(ask("gpt-4o", "hi"))).statusCode())
                .isEqualTo(403);

        // Listing the models a route calls does not grant the route.
        com.openai.errors.PermissionDeniedException denied = catchThrowableOfType(
                com.openai.errors.PermissionDeniedException.class,
                () -> openAi(modelsOnlyKey).chat().completions().create(ask("auto", "hi")));
        assertThat(denied.getMessage()).contains("may not use route 'auto'")
                .contains("a route must be in the key's list itself");

        // A mistyped route is an unknown model whose message lists the routes too.
        com.openai.errors.NotFoundException nf = catchThrowableOfType(com.openai.errors.NotFoundException.class,
                () -> openAi(fullKey).chat().completions().create(ask("autoo", "hi")));
        assertThat(nf.code()).contains("model_not_found");
        assertThat(nf.getMessage()).contains("routes: [auto, cheap-first, ab, five]");
    }

    @Test
    void theModelsListsNameTheRoutesAfterTheModelsWithTheirKind() {
        List<Model> all = openAi(fullKey).models().list().data();
        assertThat(all).extracting(Model::id).containsExactly("gpt-4o-mini", "gpt-4o", "auto", "cheap-first", "ab",
                "five");
        assertThat(all).allSatisfy(m -> assertThat(m.ownedBy()).isEqualTo("switchboard"));
        assertThat(all.get(0)._additionalProperties()).doesNotContainKey("switchboard_route_kind");
        assertThat(all.get(2)._additionalProperties().get("switchboard_route_kind").asString())
                .contains("table");
        assertThat(all.get(3)._additionalProperties().get("switchboard_route_kind").asString())
                .contains("cascade");

        assertThat(openAi(autoOnlyKey).models().list().data()).extracting(Model::id).containsExactly("auto");

        Res anthropic = send("GET", "/v1/models", null, "x-api-key", fullKey, "anthropic-version", "2023-06-01");
        JsonNode data = anthropic.json().get("data");
        assertThat(data.findValuesAsText("id")).containsExactly("gpt-4o-mini", "gpt-4o", "auto", "cheap-first",
                "ab", "five");
        assertThat(data.get(4).get("display_name").asText()).isEqualTo("ab (experiment route)");
        assertThat(data.get(5).get("switchboard_route_kind").asText()).isEqualTo("vote");
        assertThat(data.get(0).has("switchboard_route_kind")).isFalse();
    }

    // ------------------------------------------------------------------------------------------ route-suggest

    @Test
    void routeSuggestSaysWhatATableWouldPickAndWhyWithoutCallingAModel() {
        long calls = engine.snapshot().providerCalls();
        Res code = send("GET", "/v1/route-suggest?route=auto&prompt=" + q(CODING), null,
                "authorization", bearer(fullKey));
        assertThat(code.status()).as(code.body()).isEqualTo(200);
        JsonNode c = code.json();
        assertThat(c.get("route").asText()).isEqualTo("auto");
        assertThat(c.get("kind").asText()).isEqualTo("table");
        assertThat(c.get("target").asText()).isEqualTo("gpt-4o");
        assertThat(c.get("task_class").asText()).isEqualTo("coding");
        assertThat(c.get("complexity").asText()).isIn("low", "medium", "high");
        assertThat(c.get("reasons").get(0).asText()).startsWith("coding/").contains("-> gpt-4o (table)");
        assertThat(c.get("premium_model").asText()).isEqualTo("gpt-4o");
        assertThat(c.get("estimated_cost_usd").decimalValue()).isPositive()
                .isEqualByComparingTo(c.get("premium_estimated_cost_usd").decimalValue());
        assertThat(c.at("/estimated_tokens/output").asInt()).isEqualTo(256);

        Res chat = send("GET", "/v1/route-suggest?route=auto&max_tokens=100&prompt=" + q("Hi! How are you?"),
                null, "authorization", bearer(fullKey));
        JsonNode h = chat.json();
        assertThat(h.get("target").asText()).isEqualTo("gpt-4o-mini");
        assertThat(h.get("reasons").get(0).asText()).contains("(otherwise)");
        assertThat(h.at("/estimated_tokens/output").asInt()).isEqualTo(100);
        assertThat(h.get("estimated_cost_usd").decimalValue())
                .isLessThan(h.get("premium_estimated_cost_usd").decimalValue());

        // The latency header is honoured as the chat endpoint honours it.
        Res fast = send("GET", "/v1/route-suggest?route=auto&prompt=" + q(CODING), null,
                "authorization", bearer(fullKey), "x-switchboard-latency", "sensitive");
        assertThat(fast.json().get("target").asText()).isEqualTo("gpt-4o-mini");
        assertThat(fast.json().get("reasons").toString()).contains("latency-sensitive -> gpt-4o-mini");

        assertThat(engine.snapshot().providerCalls()).as("no model was called").isEqualTo(calls);
        assertThat(engine.snapshot().routing().requests()).isZero();
    }

    @Test
    void routeSuggestByPostClassifiesAChatBodysMessages() {
        Res post = send("POST", "/v1/route-suggest", chatBody("auto", CODING), "authorization", bearer(fullKey));
        assertThat(post.status()).as(post.body()).isEqualTo(200);
        assertThat(post.json().get("target").asText()).isEqualTo("gpt-4o");
        assertThat(post.json().get("task_class").asText()).isEqualTo("coding");

        // ?route= names the route over the body's model; a math cell names a cascade: what it would call.
        Res math = send("POST", "/v1/route-suggest?route=auto", chatBody("gpt-4o", "Solve the equation "
                + "3x^2 - 12x + 9 = 0 and prove the roots are integers."), "authorization", bearer(fullKey));
        JsonNode m = math.json();
        assertThat(m.get("task_class").asText()).isEqualTo("math");
        assertThat(m.get("target").asText()).isEqualTo("cheap-first");
        assertThat(m.get("estimated_cost_usd").isNull()).isTrue();
        assertThat(m.at("/target_route/kind").asText()).isEqualTo("cascade");
        assertThat(m.at("/target_route/stages").toString()).isEqualTo("[\"gpt-4o-mini\",\"gpt-4o\"]");

        JsonNode vote = send("POST", "/v1/route-suggest", chatBody("five", "Classify: great product!"),
                "authorization", bearer(fullKey)).json();
        assertThat(vote.get("kind").asText()).isEqualTo("vote");
        assertThat(vote.get("voters")).hasSize(5);
        assertThat(vote.get("early_stop").asBoolean()).isTrue();
        JsonNode ab = send("GET", "/v1/route-suggest?route=ab&prompt=x", null, "authorization", bearer(fullKey))
                .json();
        assertThat(ab.get("arms").toString()).isEqualTo(
                "[{\"arm\":\"a\",\"model\":\"gpt-4o-mini\",\"percent\":70},"
                        + "{\"arm\":\"b\",\"model\":\"gpt-4o\",\"percent\":30}]");
        JsonNode cascade = send("GET", "/v1/route-suggest?route=cheap-first&prompt=x", null,
                "authorization", bearer(fullKey)).json();
        assertThat(cascade.get("confidence").asText()).isEqualTo("field");
        assertThat(cascade.get("threshold").asDouble()).isEqualTo(0.5);
    }

    @Test
    void routeSuggestRefusesAnUnknownRouteAMissingFieldAndACallerWithoutAKey() {
        Res unknown = send("GET", "/v1/route-suggest?route=nope&prompt=hi", null, "authorization", bearer(fullKey));
        assertThat(unknown.status()).isEqualTo(404);
        JsonNode e = unknown.json().get("error");
        assertThat(e.get("code").asText()).isEqualTo("route_not_found");
        assertThat(e.get("param").asText()).isEqualTo("route");
        assertThat(e.get("message").asText()).contains("'nope'").contains("routes: auto, cheap-first, ab, five");
        assertThat(send("GET", "/v1/route-suggest?route=gpt-4o&prompt=hi", null, "authorization", bearer(fullKey))
                .json().at("/error/message").asText()).contains("'gpt-4o' is a model");

        Res noPrompt = send("GET", "/v1/route-suggest?route=auto", null, "authorization", bearer(fullKey));
        assertThat(noPrompt.status()).isEqualTo(400);
        assertThat(noPrompt.json().at("/error/param").asText()).isEqualTo("prompt");
        assertThat(noPrompt.json().at("/error/message").asText()).startsWith("prompt: is required");
        assertThat(send("GET", "/v1/route-suggest?prompt=hi", null, "authorization", bearer(fullKey))
                .json().at("/error/param").asText()).isEqualTo("route");
        assertThat(send("GET", "/v1/route-suggest?route=auto&prompt=hi&max_tokens=lots", null,
                "authorization", bearer(fullKey)).json().at("/error/param").asText()).isEqualTo("max_tokens");
        Res noMessages = send("POST", "/v1/route-suggest", "{\"model\":\"auto\",\"messages\":[]}",
                "authorization", bearer(fullKey));
        assertThat(noMessages.status()).isEqualTo(400);
        assertThat(noMessages.json().at("/error/param").asText()).isEqualTo("messages");

        Res anonymous = send("GET", "/v1/route-suggest?route=auto&prompt=hi", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().at("/error/code").asText()).isEqualTo("invalid_api_key");
        Res notListed = send("GET", "/v1/route-suggest?route=auto&prompt=hi", null,
                "authorization", bearer(modelsOnlyKey));
        assertThat(notListed.status()).isEqualTo(403);

        Res put = send("PUT", "/v1/route-suggest?route=auto&prompt=hi", "{}", "authorization", bearer(fullKey));
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.header("allow")).isEqualTo("GET, POST");
    }
}
