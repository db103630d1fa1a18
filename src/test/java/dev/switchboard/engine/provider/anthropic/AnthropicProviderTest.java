package dev.switchboard.engine.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.Choice;
import dev.switchboard.engine.request.Message;
import dev.switchboard.engine.request.StreamAssembler;
import dev.switchboard.engine.request.StreamDelta;
import dev.switchboard.engine.request.ToolCall;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.upstream.MockAnthropic;
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

/** The Anthropic client against a local server speaking the Messages wire format. */
class AnthropicProviderTest {
    private static final String KEY = "sk-ant-api03-SECRET-0123456789abcdefXYZ";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelConfig MODEL = new ModelConfig("claude-3-5-haiku", "20241022", "anthropic", 0.80, 4.00,
            "claude-3-5-haiku-20241022");

    private final MockAnthropic mock = new MockAnthropic().expectKey(KEY);
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        mock.close();
    }

    private AnthropicProvider provider(Secret key, Duration readTimeout, String apiVersion, String baseUrl) {
        AnthropicProvider p = new AnthropicProvider(new ProviderConfig("anthropic-test", ProviderKind.ANTHROPIC,
                baseUrl, key, Map.of("anthropic-beta", "prompt-caching-2024-07-31"), Duration.ofSeconds(2),
                readTimeout, apiVersion));
        open.add(p);
        return p;
    }

    private AnthropicProvider provider() {
        return provider(Duration.ofSeconds(5));
    }

    private AnthropicProvider provider(Duration readTimeout) {
        return provider(new Secret("${ANTHROPIC_API_KEY}", KEY), readTimeout, null, mock.baseUrl());
    }

    private static ChatRequest ask(String prompt) {
        return ChatRequest.builder().model("claude-3-5-haiku").system("Be brief.").prompt(prompt).build();
    }

    private static List<StreamDelta> drain(ProviderStream s) {
        List<StreamDelta> out = new ArrayList<>();
        for (StreamDelta d = s.next(); d != null; d = s.next()) {
            out.add(d);
        }
        return out;
    }

    @Test
    void plainAnswerCountsCachedInputInTokensIn() {
        mock.answer("Hi! My name is Claude.").usage(2095, 503).cacheTokens(1000, 200);
        ProviderResponse r = provider().complete(ask("Who are you?"), MODEL);
        assertThat(r.choices()).containsExactly(new Choice(0, "Hi! My name is Claude.", List.of(), "stop"));
        assertThat(r.tokensIn()).isEqualTo(2095 + 1000 + 200);
        assertThat(r.tokensOut()).isEqualTo(503);
        assertThat(r.cacheReadTokens()).isEqualTo(1000);
        assertThat(r.cacheWriteTokens()).isEqualTo(200);
        assertThat(r.model()).isEqualTo("claude-3-5-haiku-20241022");

        MockUpstream.Received sent = mock.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.header("x-api-key")).isEqualTo(KEY);
        assertThat(sent.header("anthropic-version")).isEqualTo(ProviderConfig.DEFAULT_ANTHROPIC_VERSION);
        assertThat(sent.header("anthropic-beta")).isEqualTo("prompt-caching-2024-07-31");
        assertThat(sent.header("content-type")).isEqualTo("application/json");
        assertThat(sent.header("authorization")).isNull();
        JsonNode b = sent.body();
        assertThat(b.path("model").asText()).isEqualTo("claude-3-5-haiku-20241022");
        assertThat(b.path("system").asText()).isEqualTo("Be brief.");
        assertThat(b.path("max_tokens").asInt()).as("the documented default").isEqualTo(AnthropicWire.DEFAULT_MAX_TOKENS);
        assertThat(b.path("messages").toString()).isEqualTo(
                "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Who are you?\"}]}]");
        assertThat(b.has("stream")).isFalse();
    }

    @Test
    void configuredApiVersionIsSent() {
        provider(new Secret("${ANTHROPIC_API_KEY}", KEY), Duration.ofSeconds(5), "2024-01-01", mock.baseUrl())
                .complete(ask("q"), MODEL);
        assertThat(mock.lastRequest().header("anthropic-version")).isEqualTo("2024-01-01");
    }

    @Test
    void conversationMapsToContentBlocksWithATopLevelSystemAndAlternatingTurns() throws Exception {
        JsonNode parts = JSON.readTree("[{\"type\":\"text\",\"text\":\"What is in this image?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/jpeg;base64,/9j/4AAQSkZJRg==\"}},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}},"
                + "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AAAA\",\"format\":\"wav\"}}]");
        JsonNode tools = JSON.readTree("[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"description\":\"Get the current weather in a given location\",\"parameters\":{\"type\":"
                + "\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}}},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"now\"}}]");
        ChatRequest req = ChatRequest.builder().model("claude-3-5-haiku").system("You are terse.")
                .messages(List.of(
                        new Message("developer", "Answer in French."),
                        new Message("user", "What is in this image?", null, null, List.of(), parts),
                        new Message("user", "And the weather?"),
                        new Message("assistant", "Let me check.", null, null, List.of(
                                new ToolCall("toolu_01", "get_weather", "{\"location\":\"Paris\"}"),
                                new ToolCall("toolu_02", "now", "")), null),
                        new Message("tool", "18C and sunny", null, "toolu_01", List.of(), null),
                        new Message("tool", "12:00", null, "toolu_02", List.of(), null),
                        new Message("user", "Thanks, summarise.")))
                .temperature(0.5).topP(0.9).maxTokens(256).stop(List.of("END")).tools(tools)
                .toolChoice(JSON.readTree("\"required\"")).seed(7L)
                .responseFormat(JSON.readTree("{\"type\":\"json_object\"}")).build();
        provider().complete(req, MODEL);

        JsonNode b = mock.lastRequest().body();
        assertThat(b.path("system").asText()).isEqualTo("You are terse.\n\nAnswer in French.");
        JsonNode m = b.path("messages");
        assertThat(m).hasSize(3);
        assertThat(m.get(0).path("role").asText()).isEqualTo("user");
        assertThat(m.get(0).path("content").toString()).isEqualTo("[{\"type\":\"text\",\"text\":\"What is in this image?\"},"
                + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/jpeg\",\"data\":\"/9j/4AAQSkZJRg==\"}},"
                + "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://example.com/cat.png\"}},"
                + "{\"type\":\"text\",\"text\":\"And the weather?\"}]");
        assertThat(m.get(1).toString()).isEqualTo("{\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"Let me check.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"get_weather\",\"input\":{\"location\":\"Paris\"}},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_02\",\"name\":\"now\",\"input\":{}}]}");
        assertThat(m.get(2).toString()).isEqualTo("{\"role\":\"user\",\"content\":["
                + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_01\",\"content\":\"18C and sunny\"},"
                + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_02\",\"content\":\"12:00\"},"
                + "{\"type\":\"text\",\"text\":\"Thanks, summarise.\"}]}");
        assertThat(b.path("tools").toString()).isEqualTo("[{\"name\":\"get_weather\",\"description\":\"Get the "
                + "current weather in a given location\",\"input_schema\":{\"type\":\"object\",\"properties\":"
                + "{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}},"
                + "{\"name\":\"now\",\"input_schema\":{\"type\":\"object\"}}]");
        assertThat(b.path("tool_choice").toString()).isEqualTo("{\"type\":\"any\"}");
        assertThat(b.path("max_tokens").asInt()).isEqualTo(256);
        assertThat(b.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(b.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(b.path("stop_sequences").toString()).isEqualTo("[\"END\"]");
        assertThat(b.has("seed")).isFalse();
        assertThat(b.has("response_format")).isFalse();
        assertThat(b.has("n")).isFalse();
        assertThat(b.has("stop")).isFalse();
    }

    @Test
    void toolChoiceVariants() throws Exception {
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("\"auto\"", "{\"type\":\"auto\"}");
        expected.put("\"none\"", "{\"type\":\"none\"}");
        expected.put("\"required\"", "{\"type\":\"any\"}");
        expected.put("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}",
                "{\"type\":\"tool\",\"name\":\"get_weather\"}");
        AnthropicProvider p = provider();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            p.complete(ask("q").toBuilder().toolChoice(JSON.readTree(e.getKey())).build(), MODEL);
            assertThat(mock.lastRequest().body().path("tool_choice").toString()).as(e.getKey())
                    .isEqualTo(e.getValue());
        }
    }

    @Test
    void moreThanOneChoiceIsRefusedBeforeCalling() {
        Throwable t = catchThrowable(() -> provider().complete(ask("q").toBuilder().n(2).build(), MODEL));
        assertThat(t).isInstanceOf(UpstreamRejectedException.class);
        assertThat(((UpstreamRejectedException) t).status()).isEqualTo(400);
        assertThat(((UpstreamRejectedException) t).upstreamMessage())
                .isEqualTo("n > 1 is not supported by Anthropic models");
        assertThat(mock.requestCount()).isZero();
    }

    @Test
    void streamedAnswerWithUsageFromMessageStartAndMessageDelta() {
        String text = "Hello there, I am streaming.";
        mock.answer(text).usage(25, 15).cacheTokens(5, 0);
        try (ProviderStream s = provider().stream(ask("q"), MODEL)) {
            List<StreamDelta> deltas = drain(s);
            List<String> texts = deltas.stream().filter(d -> d.text() != null).map(StreamDelta::text).toList();
            assertThat(texts).containsExactly("Hello", " there,", " I", " am", " streaming.");
            assertThat(deltas.get(deltas.size() - 1)).isEqualTo(StreamDelta.finish(0, "stop"));
            ProviderResponse r = s.response();
            assertThat(r.answer()).isEqualTo(text);
            assertThat(r.tokensIn()).isEqualTo(30);
            assertThat(r.tokensOut()).isEqualTo(15);
            assertThat(r.cacheReadTokens()).isEqualTo(5);
            assertThat(r.model()).isEqualTo("claude-3-5-haiku-20241022");
        }
        assertThat(mock.lastRequest().body().path("stream").asBoolean()).isTrue();
    }

    @Test
    void toolUsePlain() {
        mock.toolCall("toolu_01A09q90qw90lq917835lq9", "get_weather", "{\"location\":\"San Francisco, CA\"}")
                .answer("I'll check.");
        ProviderResponse r = provider().complete(ask("Weather?"), MODEL);
        assertThat(r.choices()).containsExactly(new Choice(0, "I'll check.", List.of(new ToolCall(
                "toolu_01A09q90qw90lq917835lq9", "get_weather", "{\"location\":\"San Francisco, CA\"}")),
                "tool_calls"));
    }

    @Test
    void toolUseStreamedIsNumberedAmongToolBlocksAndAssembledFromPartialJson() {
        String args = "{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}";
        mock.toolCall("toolu_01", "get_weather", args).answer("Checking.");
        try (ProviderStream s = provider().stream(ask("Weather?"), MODEL)) {
            List<StreamDelta> deltas = drain(s);
            StreamDelta first = deltas.stream().filter(d -> d.toolCall() != null).findFirst().orElseThrow();
            // Block 1 of the message (after the text block), tool call 0.
            assertThat(first.toolCall()).isEqualTo(new StreamDelta.ToolCallDelta(0, "toolu_01", "get_weather", ""));
            StreamAssembler a = new StreamAssembler();
            deltas.forEach(a::add);
            List<Choice> expected = List.of(new Choice(0, "Checking.",
                    List.of(new ToolCall("toolu_01", "get_weather", args)), "tool_calls"));
            assertThat(a.choices()).isEqualTo(expected);
            assertThat(s.response().choices()).isEqualTo(expected);
        }
    }

    @Test
    void badRequestIsRejectedWithTheUpstreamsMessage() {
        mock.failNext(1, 400);
        Throwable t = catchThrowable(() -> provider().complete(ask("q"), MODEL));
        assertThat(t).isInstanceOf(UpstreamRejectedException.class);
        assertThat(((UpstreamRejectedException) t).upstreamMessage())
                .isEqualTo("messages: at least one message is required");
        assertThat(mock.requestCount()).isEqualTo(1);
    }

    @Test
    void refusedKeyIsAProviderAuthErrorWithoutTheKey() {
        mock.expectKey("another-key");
        Throwable t = catchThrowable(() -> provider().complete(ask("q"), MODEL));
        assertThat(t).isInstanceOf(ProviderAuthException.class).hasMessageContaining("provider 'anthropic-test'")
                .hasMessageContaining("invalid x-api-key").hasMessageNotContaining(KEY);
        assertThat(((ProviderAuthException) t).status()).isEqualTo(401);
        mock.expectKey(KEY).failNext(1, 403);
        assertThatThrownBy(() -> provider().stream(ask("q"), MODEL)).isInstanceOf(ProviderAuthException.class)
                .hasMessageContaining("HTTP 403");
    }

    @Test
    void missingKeyVariableIsRefusedBeforeAnyCall() {
        AnthropicProvider p = provider(new Secret("${ANTHROPIC_API_KEY}", null), Duration.ofSeconds(5), null,
                mock.baseUrl());
        assertThatThrownBy(() -> p.stream(ask("q"), MODEL)).isInstanceOf(ProviderAuthException.class)
                .hasMessageContaining("environment variable ANTHROPIC_API_KEY is not set");
        assertThat(mock.requestCount()).isZero();
    }

    @Test
    void rateLimitWithRetryAfter() {
        mock.failNext(1, 429, null, Map.of("retry-after", "12", "anthropic-ratelimit-requests-remaining", "0"));
        AnthropicProvider p = provider();
        Throwable t = catchThrowable(() -> p.complete(ask("q"), MODEL));
        assertThat(t).isInstanceOf(UpstreamRateLimitedException.class);
        assertThat(((UpstreamRateLimitedException) t).retryAfter()).isEqualTo(Duration.ofSeconds(12));
        assertThat(p.upstreamViolations()).isEqualTo(1);
    }

    @Test
    void overloadedAndServerErrorsAreUpstreamErrors() {
        mock.failNext(1, 529).failNext(1, 500);
        Throwable t = catchThrowable(() -> provider().complete(ask("q"), MODEL));
        assertThat(t).isInstanceOf(UpstreamErrorException.class).hasMessageContaining("overloaded_error: Overloaded");
        assertThat(((UpstreamErrorException) t).status()).isEqualTo(529);
        Throwable t2 = catchThrowable(() -> provider().stream(ask("q"), MODEL));
        assertThat(t2).isInstanceOf(UpstreamErrorException.class).hasMessageContaining("api_error");
        assertThat(((UpstreamErrorException) t2).status()).isEqualTo(500);
    }

    @Test
    void overloadedErrorEventMidStreamIsACut() {
        mock.answer("one two three four").streamErrorAfter(4);
        try (ProviderStream s = provider().stream(ask("q"), MODEL)) {
            // message_start, content_block_start, ping, then the first text delta.
            assertThat(s.next()).isEqualTo(StreamDelta.text(0, "one"));
            assertThatThrownBy(s::next).isInstanceOf(StreamCutException.class)
                    .hasMessageContaining("overloaded_error: Overloaded");
        }
    }

    @Test
    void errorEventFirstIsThrownFromStreamAsItsStatusWouldBe() {
        mock.streamErrorAfter(0);
        Throwable t = catchThrowable(() -> provider().stream(ask("q"), MODEL));
        assertThat(t).isInstanceOf(UpstreamErrorException.class);
        assertThat(((UpstreamErrorException) t).status()).isEqualTo(529);
    }

    @Test
    void streamCutInTheMiddleFailsFromNext() {
        mock.answer("one two three four five").cutAfter(5);
        try (ProviderStream s = provider().stream(ask("q"), MODEL)) {
            assertThat(s.next()).isEqualTo(StreamDelta.text(0, "one"));
            assertThat(s.next()).isEqualTo(StreamDelta.text(0, " two"));
            assertThatThrownBy(s::next).isInstanceOf(StreamCutException.class)
                    .hasMessageContaining("the connection broke");
        }
    }

    @Test
    void slowFirstByteAndSilentServersFailTheCall() {
        AnthropicProvider p = provider(Duration.ofMillis(300));
        mock.silenceAfterHeaders(MockUpstream.FOREVER);
        assertThatThrownBy(() -> p.complete(ask("q"), MODEL)).isInstanceOf(UpstreamUnavailableException.class)
                .hasMessageContaining("read_timeout");
        assertThatThrownBy(() -> p.stream(ask("q"), MODEL)).isInstanceOf(UpstreamUnavailableException.class)
                .hasMessageContaining("read_timeout");
        mock.reset().hang();
        assertThatThrownBy(() -> p.stream(ask("q"), MODEL)).isInstanceOf(UpstreamUnavailableException.class)
                .hasMessageContaining("no response");
    }

    @Test
    void connectionRefusedIsUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        AnthropicProvider p = provider(new Secret("${ANTHROPIC_API_KEY}", KEY), Duration.ofSeconds(5), null,
                "http://127.0.0.1:" + port + "/v1");
        assertThatThrownBy(() -> p.complete(ask("q"), MODEL)).isInstanceOf(UpstreamUnavailableException.class)
                .hasMessageContaining("connection refused");
    }

    @Test
    void interruptAbortsAHangingCall() throws Exception {
        mock.hang();
        AnthropicProvider p = provider(Duration.ofMinutes(5));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagged = new AtomicBoolean();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                p.stream(ask("q"), MODEL);
            } catch (Throwable e) {
                thrown.set(e);
            }
            flagged.set(Thread.currentThread().isInterrupted());
        });
        Await.until(Duration.ofSeconds(10), "the request at the mock", () -> mock.requestCount() == 1);
        t.interrupt();
        t.join(Duration.ofSeconds(30));
        assertThat(t.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(UpstreamUnavailableException.class).hasMessageContaining("interrupted");
        assertThat(flagged.get()).isTrue();
    }

    @Test
    void theKeyAppearsInNoMessage() {
        AnthropicProvider p = provider(Duration.ofMillis(300));
        List<Throwable> all = new ArrayList<>();
        for (int status : new int[] {400, 401, 403, 404, 413, 429, 500, 529}) {
            mock.failNext(1, status, MockAnthropic.error("invalid_request_error", "bad key " + KEY), Map.of());
            all.add(catchThrowable(() -> p.complete(ask("q"), MODEL)));
        }
        mock.streamErrorAfter(2);
        try (ProviderStream s = p.stream(ask("q"), MODEL)) {
            all.add(catchThrowable(() -> drain(s)));
        }
        assertThat(all).hasSize(9).doesNotContainNull();
        for (Throwable t : all) {
            assertThat(t.getMessage()).doesNotContain(KEY);
            assertThat(t.toString()).doesNotContain(KEY);
        }
    }
}
