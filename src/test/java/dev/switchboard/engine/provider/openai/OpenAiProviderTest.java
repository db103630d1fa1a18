package dev.switchboard.engine.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.ProviderConfig;
import dev.switchboard.engine.config.ProviderKind;
import dev.switchboard.engine.config.Secret;
import dev.switchboard.engine.error.ProviderAuthException;
import dev.switchboard.engine.error.StreamCutException;
import dev.switchboard.engine.error.UpstreamErrorException;
import dev.switchboard.engine.error.UpstreamRateLimitedException;
import dev.switchboard.engine.error.UpstreamRejectedException;
import dev.switchboard.engine.error.UpstreamUnavailableException;
import dev.switchboard.engine.provider.ProviderResponse;
import dev.switchboard.engine.provider.ProviderStream;
import dev.switchboard.engine.provider.TokenEstimator;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.Choice;
import dev.switchboard.engine.request.Message;
import dev.switchboard.engine.request.StreamAssembler;
import dev.switchboard.engine.request.StreamDelta;
import dev.switchboard.engine.request.ToolCall;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.upstream.MockOpenAi;
import dev.switchboard.testsupport.upstream.MockUpstream;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OpenAI client against a local server speaking the chat completions wire format. */
class OpenAiProviderTest {
    private static final String KEY = "sk-proj-SECRET-0123456789abcdefXYZ";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelConfig MODEL = new ModelConfig("gpt-4o-mini", "2024-07-18", "openai", 0.15, 0.60,
            "gpt-4o-mini-2024-07-18");

    private final MockOpenAi mock = new MockOpenAi().expectKey(KEY);
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        mock.close();
    }

    private OpenAiProvider provider(Secret key, Duration readTimeout, String apiVersion, String baseUrl,
                                    Map<String, String> headers) {
        OpenAiProvider p = new OpenAiProvider(new ProviderConfig("openai-test", ProviderKind.OPENAI, baseUrl, key,
                headers, Duration.ofSeconds(2), readTimeout, apiVersion));
        open.add(p);
        return p;
    }

    private OpenAiProvider provider() {
        return provider(new Secret("${OPENAI_API_KEY}", KEY), Duration.ofSeconds(5), null, mock.baseUrl(), Map.of());
    }

    private OpenAiProvider provider(Duration readTimeout) {
        return provider(new Secret("${OPENAI_API_KEY}", KEY), readTimeout, null, mock.baseUrl(), Map.of());
    }

    private static ChatRequest ask(String prompt) {
        return ChatRequest.builder().model("gpt-4o-mini").system("Be brief.").prompt(prompt).temperature(0.2)
                .maxTokens(64).build();
    }

    private static List<StreamDelta> drain(ProviderStream s) {
        List<StreamDelta> out = new ArrayList<>();
        for (StreamDelta d = s.next(); d != null; d = s.next()) {
            out.add(d);
        }
        return out;
    }

    @Test
    void plainAnswerWithUsageAndCachedTokens() {
        mock.answer("Paris is the capital of France.").usage(19, 8).cacheTokens(12, 0);
        ProviderResponse r = provider().complete(ask("Capital of France?"), MODEL);

        assertThat(r.answer()).isEqualTo("Paris is the capital of France.");
        assertThat(r.choices()).containsExactly(new Choice(0, "Paris is the capital of France.", List.of(), "stop"));
        assertThat(r.tokensIn()).isEqualTo(19);
        assertThat(r.tokensOut()).isEqualTo(8);
        assertThat(r.cacheReadTokens()).isEqualTo(12);
        assertThat(r.model()).isEqualTo("gpt-4o-mini-2024-07-18");

        MockUpstream.Received sent = mock.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.header("content-type")).isEqualTo("application/json");
        JsonNode b = sent.body();
        assertThat(b.path("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(b.path("messages").toString()).isEqualTo(
                "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Capital of France?\"}]");
        assertThat(b.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(b.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(b.has("stream")).isFalse();
        assertThat(b.has("stream_options")).isFalse();
    }

    @Test
    void noUsageFromTheServerIsEstimated() {
        mock.answer("Four words answer here").noUsage();
        ChatRequest req = ask("q");
        ProviderResponse r = provider().complete(req, MODEL);
        assertThat(r.tokensIn()).isEqualTo(TokenEstimator.ofRequest(req));
        assertThat(r.tokensOut()).isEqualTo(TokenEstimator.ofText("Four words answer here"));
    }

    @Test
    void requestBodyCarriesEveryRoleToolsAndExtraFieldsUntouched() throws Exception {
        JsonNode parts = JSON.readTree("[{\"type\":\"text\",\"text\":\"What is this?\"},{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\",\"detail\":\"low\"}}]");
        JsonNode tools = JSON.readTree("[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"description\":\"Weather for a city\",\"parameters\":{\"type\":\"object\",\"properties\":"
                + "{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]");
        ObjectNode extra = (ObjectNode) JSON.readTree("{\"logit_bias\":{\"50256\":-100},\"user\":\"u-1\","
                + "\"parallel_tool_calls\":false,\"max_completion_tokens\":300,\"metadata\":{\"a\":\"b\"},"
                + "\"anthropic\":{\"top_k\":40}}");
        ChatRequest req = ChatRequest.builder().model("gpt-4o-mini").system("You are terse.")
                .messages(List.of(new Message("developer", "Answer in French."),
                        new Message("user", "What is this?", "alice", null, List.of(), parts),
                        new Message("assistant", "", null, null,
                                List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")), null),
                        new Message("tool", "18C and sunny", null, "call_1", List.of(), null)))
                .temperature(0.0).maxTokens(100).topP(0.9).stop(List.of("\n\n", "END")).tools(tools)
                .toolChoice(JSON.readTree("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"))
                .responseFormat(JSON.readTree("{\"type\":\"json_object\"}")).seed(42L).n(2).extra(extra).build();
        OpenAiProvider p = provider(new Secret("${OPENAI_API_KEY}", KEY), Duration.ofSeconds(5), null, mock.baseUrl(),
                Map.of("OpenAI-Organization", "org-abc123"));
        ProviderResponse r = p.complete(req, MODEL);
        assertThat(r.choices()).hasSize(2);

        MockUpstream.Received sent = mock.lastRequest();
        assertThat(sent.header("openai-organization")).isEqualTo("org-abc123");
        JsonNode b = sent.body();
        assertThat(b.path("messages")).hasSize(5);
        assertThat(b.path("messages").get(0).toString()).isEqualTo("{\"role\":\"system\",\"content\":\"You are terse.\"}");
        assertThat(b.path("messages").get(1).toString()).isEqualTo("{\"role\":\"developer\",\"content\":\"Answer in French.\"}");
        assertThat(b.path("messages").get(2).path("content")).isEqualTo(parts);
        assertThat(b.path("messages").get(2).path("name").asText()).isEqualTo("alice");
        assertThat(b.path("messages").get(3).toString()).isEqualTo("{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}");
        assertThat(b.path("messages").get(4).toString()).isEqualTo(
                "{\"role\":\"tool\",\"content\":\"18C and sunny\",\"tool_call_id\":\"call_1\"}");
        assertThat(b.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(b.path("stop").toString()).isEqualTo("[\"\\n\\n\",\"END\"]");
        assertThat(b.path("tools")).isEqualTo(tools);
        assertThat(b.path("tool_choice").path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(b.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(b.path("seed").asLong()).isEqualTo(42);
        assertThat(b.path("n").asInt()).isEqualTo(2);
        // Extra fields go as they came; max_completion_tokens replaces max_tokens.
        assertThat(b.path("logit_bias").toString()).isEqualTo("{\"50256\":-100}");
        assertThat(b.path("user").asText()).isEqualTo("u-1");
        assertThat(b.path("parallel_tool_calls").asBoolean(true)).isFalse();
        assertThat(b.path("metadata").toString()).isEqualTo("{\"a\":\"b\"}");
        assertThat(b.path("max_completion_tokens").asInt()).isEqualTo(300);
        assertThat(b.has("max_tokens")).isFalse();
        // An Anthropic caller's own fields never reach an OpenAI-compatible upstream.
        assertThat(b.has("anthropic")).isFalse();
        assertThat(b.has("top_k")).isFalse();
    }

    @Test
    void withoutAKeyNoAuthorizationHeaderIsSent() {
        mock.expectKey(null);
        provider(Secret.none(), Duration.ofSeconds(5), null, mock.baseUrl(), Map.of()).complete(ask("q"), MODEL);
        assertThat(mock.lastRequest().header("authorization")).isNull();
    }

    @Test
    void azureUsesTheDeploymentPathTheApiVersionAndTheApiKeyHeader() {
        OpenAiProvider p = provider(new Secret("${AZURE_OPENAI_API_KEY}", KEY), Duration.ofSeconds(5), "2024-10-21",
                mock.azureBaseUrl(), Map.of());
        ModelConfig deployed = new ModelConfig("gpt-4o", "2024-08-06", "azure", 2.5, 10, "my-gpt4o-deployment");
        assertThat(p.complete(ask("q"), deployed).answer()).isEqualTo("Hello! How can I help you today?");
        MockUpstream.Received sent = mock.lastRequest();
        assertThat(sent.path()).isEqualTo("/openai/deployments/my-gpt4o-deployment/chat/completions");
        assertThat(sent.query()).isEqualTo("api-version=2024-10-21");
        assertThat(sent.header("api-key")).isEqualTo(KEY);
        assertThat(sent.header("authorization")).isNull();
    }

    @Test
    void streamedAnswerArrivesInOrderWithTheFinalChunksUsage() {
        String text = "The quick brown fox jumps.";
        mock.answer(text).usage(30, 6);
        try (ProviderStream s = provider().stream(ask("q"), MODEL)) {
            List<StreamDelta> deltas = drain(s);
            List<String> texts = deltas.stream().filter(d -> d.text() != null).map(StreamDelta::text).toList();
            assertThat(texts).containsExactlyElementsOf(MockOpenAi.streamedPieces(text));
            assertThat(deltas.get(deltas.size() - 1)).isEqualTo(StreamDelta.finish(0, "stop"));
            ProviderResponse r = s.response();
            assertThat(r.answer()).isEqualTo(text);
            assertThat(r.tokensIn()).isEqualTo(30);
            assertThat(r.tokensOut()).isEqualTo(6);
        }
        JsonNode b = mock.lastRequest().body();
        assertThat(b.path("stream").asBoolean()).isTrue();
        assertThat(b.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(mock.lastRequest().header("accept")).isEqualTo("text/event-stream");
    }

    private static ChatRequest askWithLogprobs(String prompt) {
        return ask(prompt).toBuilder().extra((ObjectNode) JSON.createObjectNode().put("logprobs", true)).build();
    }

    @Test
    void logprobsGiveTheAnswersConfidenceAsTheExpOfTheirMean() {
        mock.answer("Paris is the capital.").logprobs(-0.01, -0.2, -0.05, -0.5);
        ProviderResponse r = provider().complete(askWithLogprobs("Capital of France?"), MODEL);
        assertThat(mock.lastRequest().body().path("logprobs").asBoolean()).isTrue();
        assertThat(r.confidence()).isCloseTo(Math.exp((-0.01 - 0.2 - 0.05 - 0.5) / 4), within(1e-12));
        assertThat(r.answer()).isEqualTo("Paris is the capital.");
    }

    @Test
    void withoutLogprobsThereIsNoConfidence() {
        mock.answer("Paris.").logprobs(-0.3);
        assertThat(provider().complete(ask("Capital of France?"), MODEL).confidence()).isNull();
        try (ProviderStream s = provider().stream(ask("q"), MODEL)) {
            drain(s);
            assertThat(s.response().confidence()).isNull();
        }
    }

    @Test
    void streamedLogprobsGiveTheSameConfidence() {
        String text = "The quick brown fox jumps.";
        mock.answer(text).logprobs(-0.1, -0.4);
        double[] lp = {-0.1, -0.4};
        int pieces = MockOpenAi.streamedPieces(text).size();
        double sum = 0;
        for (int k = 0; k < pieces; k++) {
            sum += lp[k % 2];
        }
        try (ProviderStream s = provider().stream(askWithLogprobs("q"), MODEL)) {
            drain(s);
            assertThat(s.response().confidence()).isCloseTo(Math.exp(sum / pieces), within(1e-12));
            assertThat(s.response().answer()).isEqualTo(text);
        }
        assertThat(provider().complete(askWithLogprobs("q"), MODEL).confidence())
                .isCloseTo(Math.exp(sum / pieces), within(1e-12));
    }

    @Test
    void streamWithoutUsageIsEstimated() {
        String text = "No usage from this local server.";
        mock.answer(text).noUsage();
        ChatRequest req = ask("q");
        try (ProviderStream s = provider().stream(req, MODEL)) {
            drain(s);
            assertThat(s.response().tokensIn()).isEqualTo(TokenEstimator.ofRequest(req));
            assertThat(s.response().tokensOut()).isEqualTo(TokenEstimator.ofText(text));
        }
    }

    @Test
    void toolCallPlain() {
        mock.toolCall("call_abc123", "get_weather", "{\"city\":\"Boston, MA\",\"unit\":\"celsius\"}");
        ProviderResponse r = provider().complete(ask("Weather?"), MODEL);
        assertThat(r.choices()).containsExactly(new Choice(0, "",
                List.of(new ToolCall("call_abc123", "get_weather", "{\"city\":\"Boston, MA\",\"unit\":\"celsius\"}")),
                "tool_calls"));
    }

    @Test
    void toolCallStreamedIsAssembledFromItsFragments() {
        String args = "{\"city\":\"Boston, MA\",\"unit\":\"celsius\"}";
        mock.toolCall("call_abc123", "get_weather", args);
        try (ProviderStream s = provider().stream(ask("Weather?"), MODEL)) {
            List<StreamDelta> deltas = drain(s);
            List<StreamDelta> calls = deltas.stream().filter(d -> d.toolCall() != null).toList();
            assertThat(calls.size()).isGreaterThan(2);
            assertThat(calls.get(0).toolCall().id()).isEqualTo("call_abc123");
            assertThat(calls.get(0).toolCall().name()).isEqualTo("get_weather");
            assertThat(calls.get(1).toolCall().id()).isNull();
            StreamAssembler a = new StreamAssembler();
            deltas.forEach(a::add);
            assertThat(a.choices()).containsExactly(new Choice(0, "",
                    List.of(new ToolCall("call_abc123", "get_weather", args)), "tool_calls"));
            assertThat(s.response().choices()).isEqualTo(a.choices());
        }
    }

    @Test
    void badRequestIsRejectedWithTheUpstreamsMessageAndNotCountedAsRateLimit() {
        mock.failNext(1, 400);
        OpenAiProvider p = provider();
        Throwable t = catchThrowable(() -> p.complete(ask("q"), MODEL));
        assertThat(t).isInstanceOf(UpstreamRejectedException.class);
        UpstreamRejectedException e = (UpstreamRejectedException) t;
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.model()).isEqualTo("gpt-4o-mini");
        assertThat(e.upstreamMessage()).isEqualTo("Invalid 'messages': empty array. Expected an array with minimum "
                + "length 1, but got an empty array instead.");
        assertThat(mock.requestCount()).isEqualTo(1);
        assertThat(p.calls()).isEqualTo(1);
        assertThat(p.upstreamViolations()).isZero();
    }

    @Test
    void notFoundAndUnprocessableAreRejectedToo() {
        mock.failNext(1, 404).failNext(1, 422, MockOpenAi.error("Unprocessable", "invalid_request_error", null, null),
                Map.of());
        OpenAiProvider p = provider();
        assertThatThrownBy(() -> p.complete(ask("q"), MODEL)).isInstanceOf(UpstreamRejectedException.class)
                .hasMessageContaining("HTTP 404").hasMessageContaining("The model `gpt-9` does not exist");
        assertThatThrownBy(() -> p.complete(ask("q"), MODEL)).isInstanceOf(UpstreamRejectedException.class)
                .hasMessageContaining("HTTP 422").hasMessageContaining("Unprocessable");
    }

    @Test
    void refusedKeyIsAProviderAuthErrorNamingTheProviderWithoutTheKey() {
        mock.expectKey("sk-a-different-key");
        Throwable t = catchThrowable(() -> provider().complete(ask("q"), MODEL));
        assertThat(t).isInstanceOf(ProviderAuthException.class);
        ProviderAuthException e = (ProviderAuthException) t;
        assertThat(e.provider()).isEqualTo("openai-test");
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).contains("provider 'openai-test'").contains("Incorrect API key provided")
                .doesNotContain(KEY);
        // An upstream that echoes the key whole: cut out of the message.
        mock.failNext(1, 403, MockOpenAi.error("Key " + KEY + " is not allowed", "invalid_request_error", null, null),
                Map.of());
        Throwable t2 = catchThrowable(() -> provider().complete(ask("q"), MODEL));
        assertThat(t2).isInstanceOf(ProviderAuthException.class);
        assertThat(t2.getMessage()).contains("Key *** is not allowed").doesNotContain(KEY);
        assertThat(t2.toString()).doesNotContain(KEY);
    }

    @Test
    void missingKeyVariableIsRefusedBeforeAnyCall() {
        OpenAiProvider p = provider(new Secret("${OPENAI_API_KEY}", null), Duration.ofSeconds(5), null,
                mock.baseUrl(), Map.of());
        assertThatThrownBy(() -> p.complete(ask("q"), MODEL)).isInstanceOf(ProviderAuthException.class)
                .hasMessageContaining("provider 'openai-test'")
                .hasMessageContaining("environment variable OPENAI_API_KEY is not set");
        assertThatThrownBy(() -> p.stream(ask("q"), MODEL)).isInstanceOf(ProviderAuthException.class);
        assertThat(mock.requestCount()).isZero();
        assertThat(p.calls()).isZero();
    }

    @Test
    void rateLimitWithRetryAfterSeconds() {
        mock.failNext(1, 429, null, Map.of("Retry-After", "7"));
        OpenAiProvider p = provider();
        Throwable t = catchThrowable(() -> p.complete(ask("q"), MODEL));
        assertThat(t).isInstanceOf(UpstreamRateLimitedException.class);
        assertThat(((UpstreamRateLimitedException) t).retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(((UpstreamRateLimitedException) t).model()).isEqualTo("gpt-4o-mini");
        assertThat(p.upstreamViolations()).isEqualTo(1);
    }

    @Test
    void rateLimitWithOpenAisResetHeadersTakesTheExhaustedLimit() {
        mock.failNext(1, 429, null, Map.of("x-ratelimit-limit-requests", "3", "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", "6m0s", "x-ratelimit-remaining-tokens", "39000",
                "x-ratelimit-reset-tokens", "20ms"));
        mock.failNext(1, 429, null, Map.of("x-ratelimit-reset-requests", "1.5s"));
        OpenAiProvider p = provider();
        Throwable t = catchThrowable(() -> p.complete(ask("q"), MODEL));
        assertThat(((UpstreamRateLimitedException) t).retryAfter()).isEqualTo(Duration.ofMinutes(6));
        Throwable t2 = catchThrowable(() -> p.stream(ask("q"), MODEL));
        assertThat(((UpstreamRateLimitedException) t2).retryAfter()).isEqualTo(Duration.ofMillis(1500));
        assertThat(p.upstreamViolations()).isEqualTo(2);
    }

    @Test
    void serverErrorsAreUpstreamErrors() {
        mock.failNext(1, 500).failNext(1, 503);
        OpenAiProvider p = provider();
        Throwable t = catchThrowable(() -> p.complete(ask("q"), MODEL));
        assertThat(t).isInstanceOf(UpstreamErrorException.class)
                .hasMessageContaining("server_error: The server had an error while processing your request");
        assertThat(((UpstreamErrorException) t).status()).isEqualTo(500);
        Throwable t2 = catchThrowable(() -> p.stream(ask("q"), MODEL));
        assertThat(t2).isInstanceOf(UpstreamErrorException.class);
        assertThat(((UpstreamErrorException) t2).status()).isEqualTo(503);
        assertThat(mock.requestCount()).isEqualTo(2);
    }

    @Test
    void streamCutInTheMiddleFailsFromNextAfterTheDeltasBeforeIt() {
        mock.answer("one two three four five six seven").cutAfter(3);
        try (ProviderStream s = provider().stream(ask("q"), MODEL)) {
            // Event 1 is the role, events 2 and 3 the first two pieces.
            assertThat(s.next()).isEqualTo(StreamDelta.text(0, "one"));
            assertThat(s.next()).isEqualTo(StreamDelta.text(0, " two"));
            assertThatThrownBy(s::next).isInstanceOf(StreamCutException.class)
                    .hasMessageContaining("gpt-4o-mini").hasMessageContaining("the connection broke");
            assertThatThrownBy(s::response).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void errorObjectMidStreamIsACut() {
        mock.answer("one two three").streamErrorAfter(2);
        try (ProviderStream s = provider().stream(ask("q"), MODEL)) {
            assertThat(s.next()).isEqualTo(StreamDelta.text(0, "one"));
            assertThatThrownBy(s::next).isInstanceOf(StreamCutException.class)
                    .hasMessageContaining("server_error: The server had an error");
        }
    }

    @Test
    void errorObjectAsTheFirstEventIsThrownFromStream() {
        mock.streamErrorAfter(0);
        assertThatThrownBy(() -> provider().stream(ask("q"), MODEL)).isInstanceOf(UpstreamErrorException.class)
                .hasMessageContaining("The server had an error");
    }

    @Test
    void slowFirstByteBeyondTheReadTimeoutFailsTheCall() {
        mock.silenceAfterHeaders(MockUpstream.FOREVER);
        OpenAiProvider p = provider(Duration.ofMillis(300));
        assertThatThrownBy(() -> p.complete(ask("q"), MODEL)).isInstanceOf(UpstreamUnavailableException.class)
                .hasMessageContaining("read_timeout");
        assertThatThrownBy(() -> p.stream(ask("q"), MODEL)).isInstanceOf(UpstreamUnavailableException.class)
                .hasMessageContaining("read_timeout");
        assertThat(mock.requestCount()).isEqualTo(2);
    }

    @Test
    void aStreamLongerThanTheReadTimeoutIsFineWhileItNeverFallsSilentThatLong() {
        // Ten events 150 ms apart: 1.5 s in all against a 1 s read timeout, which bounds each silence only.
        String text = "one two three four five six seven";
        mock.answer(text).pace(Duration.ofMillis(150));
        try (ProviderStream s = provider(Duration.ofSeconds(1)).stream(ask("q"), MODEL)) {
            drain(s);
            assertThat(s.response().answer()).isEqualTo(text);
        }
    }

    @Test
    void serverThatAcceptsAndNeverAnswersFailsTheCall() {
        mock.hang();
        OpenAiProvider p = provider(Duration.ofMillis(300));
        assertThatThrownBy(() -> p.complete(ask("q"), MODEL)).isInstanceOf(UpstreamUnavailableException.class)
                .hasMessageContaining("no response").hasMessageContaining("read_timeout");
        assertThatThrownBy(() -> p.stream(ask("q"), MODEL)).isInstanceOf(UpstreamUnavailableException.class)
                .hasMessageContaining("read_timeout");
    }

    @Test
    void headersLaterThanTheReadTimeoutFailTheCall() {
        mock.delayHeaders(MockUpstream.FOREVER);
        assertThatThrownBy(() -> provider(Duration.ofMillis(300)).complete(ask("q"), MODEL))
                .isInstanceOf(UpstreamUnavailableException.class).hasMessageContaining("read_timeout");
    }

    @Test
    void connectionRefusedIsUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        OpenAiProvider p = provider(new Secret("${OPENAI_API_KEY}", KEY), Duration.ofSeconds(5), null,
                "http://127.0.0.1:" + port + "/v1", Map.of());
        assertThatThrownBy(() -> p.complete(ask("q"), MODEL)).isInstanceOf(UpstreamUnavailableException.class)
                .hasMessageContaining("connection refused").hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> p.stream(ask("q"), MODEL)).isInstanceOf(UpstreamUnavailableException.class);
    }

    @Test
    void interruptAbortsACallWaitingForHeaders() throws Exception {
        mock.hang();
        OpenAiProvider p = provider(Duration.ofMinutes(5));
        assertInterruptAborts(() -> p.complete(ask("q"), MODEL), 1);
    }

    @Test
    void interruptAbortsAStreamWaitingForItsFirstEvent() throws Exception {
        mock.silenceAfterHeaders(MockUpstream.FOREVER);
        OpenAiProvider p = provider(Duration.ofMinutes(5));
        assertInterruptAborts(() -> p.stream(ask("q"), MODEL), 1);
    }

    /** Runs {@code call} on a virtual thread, interrupts it once the mock has the request, and checks the outcome. */
    private void assertInterruptAborts(Runnable call, int requests) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagged = new AtomicBoolean();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                call.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
            flagged.set(Thread.currentThread().isInterrupted());
        });
        Await.until(Duration.ofSeconds(10), "the request at the mock", () -> mock.requestCount() == requests);
        t.interrupt();
        t.join(Duration.ofSeconds(30));
        assertThat(t.isAlive()).as("the call ended").isFalse();
        assertThat(thrown.get()).isInstanceOf(UpstreamUnavailableException.class).hasMessageContaining("interrupted");
        assertThat(flagged.get()).as("the interrupt flag is set again").isTrue();
    }

    @Test
    void closeDoesNotWaitForCallsInFlight() throws Exception {
        mock.hang();
        OpenAiProvider p = provider(Duration.ofMinutes(5));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                p.complete(ask("q"), MODEL);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        Await.until(Duration.ofSeconds(10), "the request at the mock", () -> mock.requestCount() == 1);
        p.close();
        assertThat(t.isAlive()).as("close returned while the call still waits").isTrue();
        mock.close();
        t.join(Duration.ofSeconds(30));
        assertThat(thrown.get()).isInstanceOf(UpstreamUnavailableException.class);
    }

    @Test
    void theKeyAppearsInNoMessage() {
        OpenAiProvider p = provider(Duration.ofMillis(300));
        List<Throwable> all = new ArrayList<>();
        for (int status : new int[] {400, 401, 403, 404, 429, 500, 503}) {
            mock.failNext(1, status, MockOpenAi.error("echo " + KEY, "x", null, null), Map.of());
            all.add(catchThrowable(() -> p.complete(ask("q"), MODEL)));
        }
        mock.answer("a b c").cutAfter(2);
        try (ProviderStream s = p.stream(ask("q"), MODEL)) {
            all.add(catchThrowable(() -> drain(s)));
        }
        mock.reset().streamErrorAfter(1);
        try (ProviderStream s = p.stream(ask("q"), MODEL)) {
            all.add(catchThrowable(() -> drain(s)));
        }
        mock.reset().hang();
        all.add(catchThrowable(() -> p.complete(ask("q"), MODEL)));
        assertThat(all).hasSize(10).doesNotContainNull();
        for (Throwable t : all) {
            assertThat(t.getMessage()).doesNotContain(KEY);
            assertThat(t.toString()).doesNotContain(KEY);
        }
        assertThat(p.toString()).doesNotContain(KEY);
    }
}
