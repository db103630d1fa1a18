package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.OpenAIServiceException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.gateway.keys.KeyStore;
import dev.switchboard.store.Database;
import dev.switchboard.testsupport.upstream.MockAnthropic;
import dev.switchboard.testsupport.upstream.MockOpenAi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI and Anthropic Java SDKs as the gateway's clients, exactly as an application would point them
 * at it (a base URL and a gateway key), plain and streaming, with tools, and every error class they raise. Models are
 * served by local upstreams speaking the real wire formats ({@code up-openai}, {@code up-claude}) and by the
 * simulator ({@code sim-down}, in an outage). The SDKs' own retries are off, so each error is seen once.
 */
class GatewaySdkIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPSTREAM_KEY = "sk-sdk-it-UPSTREAM-KEY";
    private static final String WEATHER_ARGS = "{\"city\":\"Paris\",\"unit\":\"celsius\"}";

    private static Path home;
    private static MockOpenAi openAiUpstream;
    private static MockAnthropic anthropicUpstream;
    private static Engine engine;
    private static Database keysDb;
    private static KeyStore keys;
    private static Gateway gateway;
    /** May use every model, on the roomy default plan. */
    private static String fullKey;
    /** May use up-openai only. */
    private static String openAiOnlyKey;
    /** On the plan that allows one request a minute, one per SDK (plan windows are per owner). */
    private static String tinyPlanKey;
    private static String tinyPlanKey2;

    @BeforeAll
    static void start() throws Exception {
        home = Files.createTempDirectory("gateway-sdk-it");
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
                  sim-down: {version: "1", input_per_1m: 1, output_per_1m: 1}
                simulated:
                  latency: {median: 0ms, p99: 0ms}
                  outages:
                    - {model: sim-down, start: 0ms, end: 24h}
                limits:
                  default_plan: roomy
                  plans:
                    roomy: {per_minute: 10000}
                    tiny: {per_minute: 1}
                resilience:
                  retry: {max_attempts: 1}
                  breaker: {window: 100, min_calls: 100}
                gateway: {require_keys: true}
                ledger: {enabled: false}
                guards:
                  input: {secrets: block, injection: flag}
                """.formatted(openAiUpstream.baseUrl(), anthropicUpstream.baseUrl());
        engine = Engine.start(new ConfigLoader(Map.of("SWITCHBOARD_HOME", home.toString(), "UPSTREAM_KEY",
                UPSTREAM_KEY)::get).parse(yaml, "sdk-it.yaml"));
        keysDb = Database.open("jdbc:h2:file:" + home.resolve("keys").toAbsolutePath(), null, null,
                Duration.ofSeconds(5), 2);
        keys = KeyStore.open(keysDb, InstantSource.system());
        fullKey = keys.create("sdk-full", "olivia", null, null, Set.of()).secret();
        openAiOnlyKey = keys.create("sdk-openai-only", "olivia", null, null, Set.of("up-openai")).secret();
        tinyPlanKey = keys.create("sdk-tiny", "tim", "tiny", null, Set.of()).secret();
        tinyPlanKey2 = keys.create("sdk-tiny-2", "tara", "tiny", null, Set.of()).secret();
        gateway = Gateway.start(engine, "127.0.0.1", 0, keys);
    }

    @AfterAll
    static void stop() {
        gateway.stop(Duration.ofSeconds(5));
        engine.close();
        keys.close();
        keysDb.close();
        openAiUpstream.close();
        anthropicUpstream.close();
    }

    @BeforeEach
    void resetUpstreams() {
        openAiUpstream.reset();
        anthropicUpstream.reset();
    }

    private static OpenAIClient openAi(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(gateway.url() + "/v1").apiKey(key).maxRetries(0).build();
    }

    private static AnthropicClient anthropic(String key) {
        return AnthropicOkHttpClient.builder().baseUrl(gateway.url()).apiKey(key).maxRetries(0).build();
    }

    private static ChatCompletionCreateParams ask(String model, String prompt) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(prompt).build();
    }

    private static MessageCreateParams askClaude(String model, String prompt) {
        return MessageCreateParams.builder().model(model).maxTokens(200).addUserMessage(prompt).build();
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(s, e);
        }
    }

    // ------------------------------------------------------------------------------------------ OpenAI SDK

    @Test
    void openAiSdkPlainAndStreaming() {
        openAiUpstream.answer("A gateway speaks both formats.");
        OpenAIClient client = openAi(fullKey);
        ChatCompletion c = client.chat().completions().create(ask("up-openai", "what are you?"));
        assertThat(c.choices()).hasSize(1);
        assertThat(c.choices().get(0).message().content()).contains("A gateway speaks both formats.");
        // The model that answered, as its upstream names it (as OpenAI names the snapshot that answered).
        assertThat(c.model()).isEqualTo("gpt-4o-mini");
        assertThat(c.usage().orElseThrow().totalTokens()).isPositive();

        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (com.openai.core.http.StreamResponse<ChatCompletionChunk> s = client.chat().completions()
                .createStreaming(ask("up-openai", "what are you, streamed?"))) {
            s.stream().forEach(acc::accumulate);
        }
        assertThat(acc.chatCompletion().choices().get(0).message().content())
                .contains("A gateway speaks both formats.");
        assertThat(openAiUpstream.lastRequest().body().path("stream").asBoolean()).isTrue();

        // The same stream again is an L1 hit, replayed to the SDK as chunks.
        ChatCompletionAccumulator again = ChatCompletionAccumulator.create();
        int before = openAiUpstream.requestCount();
        try (var s = client.chat().completions().createStreaming(ask("up-openai", "what are you, streamed?"))) {
            s.stream().forEach(again::accumulate);
        }
        assertThat(openAiUpstream.requestCount()).isEqualTo(before);
        assertThat(again.chatCompletion().choices().get(0).message().content())
                .contains("A gateway speaks both formats.");
    }

    @Test
    void openAiSdkGetsAToolCallPlainAndStreamed() {
        openAiUpstream.toolCall("call_abc", "get_weather", WEATHER_ARGS);
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("up-openai")
                .addUserMessage("weather in Paris?")
                .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                        .name("get_weather")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("city",
                                        Map.of("type", "string"))))
                                .build())
                        .build()).build())
                .build();
        OpenAIClient client = openAi(fullKey);
        ChatCompletion c = client.chat().completions().create(params);
        assertThat(c.choices().get(0).finishReason().asString()).isEqualTo("tool_calls");
        ChatCompletionMessageFunctionToolCall call = c.choices().get(0).message().toolCalls().orElseThrow().get(0)
                .asFunction();
        assertThat(call.id()).isEqualTo("call_abc");
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(json(call.function().arguments())).isEqualTo(json(WEATHER_ARGS));

        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (var s = client.chat().completions().createStreaming(params.toBuilder().addUserMessage("and again?")
                .build())) {
            s.stream().forEach(acc::accumulate);
        }
        ChatCompletionMessageFunctionToolCall streamed = acc.chatCompletion().choices().get(0).message().toolCalls()
                .orElseThrow().get(0).asFunction();
        assertThat(streamed.function().name()).isEqualTo("get_weather");
        assertThat(json(streamed.function().arguments())).isEqualTo(json(WEATHER_ARGS));
    }

    @Test
    void openAiSdkRaisesEachErrorClass() {
        OpenAIClient client = openAi(fullKey);
        com.openai.errors.BadRequestException bad = catchThrowableOfType(com.openai.errors.BadRequestException.class,
                () -> client.chat().completions().create(ask("up-openai", "hi").toBuilder().temperature(5.0)
                        .build()));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.param()).contains("temperature");

        openAiUpstream.failNext(1, 400);
        assertThat(catchThrowableOfType(com.openai.errors.BadRequestException.class,
                () -> client.chat().completions().create(ask("up-openai", "rejected upstream"))).code())
                .contains("upstream_rejected");

        assertThat(catchThrowableOfType(com.openai.errors.UnauthorizedException.class,
                () -> openAi("sb-not-a-real-key").chat().completions().create(ask("up-openai", "hi")))
                .statusCode()).isEqualTo(401);

        assertThat(catchThrowableOfType(com.openai.errors.PermissionDeniedException.class,
                () -> openAi(openAiOnlyKey).chat().completions().create(ask("up-claude", "hi"))).statusCode())
                .isEqualTo(403);

        com.openai.errors.NotFoundException nf = catchThrowableOfType(com.openai.errors.NotFoundException.class,
                () -> client.chat().completions().create(ask("no-such-model", "hi")));
        assertThat(nf.code()).contains("model_not_found");

        OpenAIClient tiny = openAi(tinyPlanKey);
        tiny.chat().completions().create(ask("up-openai", "my one request this minute"));
        com.openai.errors.RateLimitException limited = catchThrowableOfType(
                com.openai.errors.RateLimitException.class,
                () -> tiny.chat().completions().create(ask("up-openai", "one too many")));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().values("retry-after")).singleElement()
                .satisfies(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));

        OpenAIServiceException down = catchThrowableOfType(com.openai.errors.InternalServerException.class,
                () -> client.chat().completions().create(ask("sim-down", "anyone there?")));
        assertThat(down.statusCode()).isEqualTo(503);

        openAiUpstream.failNext(1, 401);
        OpenAIServiceException auth = catchThrowableOfType(com.openai.errors.InternalServerException.class,
                () -> client.chat().completions().create(ask("up-openai", "our upstream key is wrong")));
        assertThat(auth.statusCode()).isEqualTo(502);
        assertThat(auth.code()).contains("provider_auth");
    }

    @Test
    void openAiSdkGetsJsonForAJsonResponseFormatWhenTheModelWrappedItInProse() {
        openAiUpstream.answer("Sure! Here it is:\n```json\n{\"city\": \"Paris\", \"unit\": \"celsius\",}\n```\nAnything else?");
        var completion = openAi(fullKey).chat().completions().create(ask("up-openai", "Where and which unit?")
                .toBuilder().responseFormat(com.openai.models.ResponseFormatJsonObject.builder().build()).build());
        String content = completion.choices().get(0).message().content().orElseThrow();
        assertThat(json(content)).isEqualTo(json(WEATHER_ARGS));
        assertThat(openAiUpstream.lastRequest().body().get("response_format").get("type").asText())
                .isEqualTo("json_object");
    }

    @Test
    void bothSdksSeeABlockedSecretAsABadRequestThatDoesNotEchoIt() {
        String secret = "sk-proj-" + "Zq8XvT2mN4pR7sK1wY6bH3dF9gJ5cL0aE";
        int calls = openAiUpstream.requests().size() + anthropicUpstream.requests().size();
        com.openai.errors.BadRequestException openAiBlocked = catchThrowableOfType(
                com.openai.errors.BadRequestException.class,
                () -> openAi(fullKey).chat().completions().create(ask("up-openai", "my key is " + secret + ", why?")));
        assertThat(openAiBlocked.statusCode()).isEqualTo(400);
        assertThat(openAiBlocked.code()).contains("guardrail_blocked");
        assertThat(openAiBlocked.param()).contains("messages[0].content");
        assertThat(openAiBlocked.getMessage()).contains("secret").doesNotContain(secret).doesNotContain("Zq8XvT2m");

        com.anthropic.errors.BadRequestException anthropicBlocked = catchThrowableOfType(
                com.anthropic.errors.BadRequestException.class,
                () -> anthropic(fullKey).messages().create(askClaude("up-claude", "use " + secret + " please")));
        assertThat(anthropicBlocked.statusCode()).isEqualTo(400);
        assertThat(anthropicBlocked.getMessage()).contains("guardrail blocked").doesNotContain(secret);
        assertThat(openAiUpstream.requests().size() + anthropicUpstream.requests().size()).as("no call was made")
                .isEqualTo(calls);
    }

    @Test
    void openAiSdkSeesAStreamCutMidWayAsAnError() {
        openAiUpstream.answer("one two three four five six seven eight").cutAfter(3);
        OpenAIClient client = openAi(fullKey);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> {
            try (var s = client.chat().completions().createStreaming(ask("up-openai", "cut mid-way"))) {
                s.stream().forEach(chunk -> { });
            }
        });
        assertThat(t).isNotNull().hasMessageContaining("broke before its end");
    }

    // ------------------------------------------------------------------------------------------ Anthropic SDK

    @Test
    void anthropicSdkPlainAndStreaming() {
        anthropicUpstream.answer("Messages, in Anthropic's shape.");
        AnthropicClient client = anthropic(fullKey);
        Message m = client.messages().create(askClaude("up-claude", "what are you?"));
        assertThat(m.content()).hasSize(1);
        assertThat(m.content().get(0).text().orElseThrow().text()).isEqualTo("Messages, in Anthropic's shape.");
        assertThat(m.stopReason()).contains(StopReason.END_TURN);
        assertThat(m.usage().outputTokens()).isPositive();

        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> s = client.messages()
                .createStreaming(askClaude("up-claude", "what are you, streamed?"))) {
            s.stream().forEach(acc::accumulate);
        }
        Message streamed = acc.message();
        assertThat(streamed.content().get(0).text().orElseThrow().text()).isEqualTo("Messages, in Anthropic's shape.");
        assertThat(streamed.stopReason()).contains(StopReason.END_TURN);

        // An OpenAI-served model through the Anthropic SDK: the gateway translates both ways.
        openAiUpstream.answer("Translated across formats.");
        Message across = client.messages().create(askClaude("up-openai", "cross over"));
        assertThat(across.content().get(0).text().orElseThrow().text()).isEqualTo("Translated across formats.");
    }

    @Test
    void anthropicSdkGetsAToolUsePlainAndStreamed() {
        anthropicUpstream.toolCall("toolu_01", "get_weather", WEATHER_ARGS);
        MessageCreateParams params = MessageCreateParams.builder().model("up-claude").maxTokens(200)
                .addUserMessage("weather in Paris?")
                .addTool(Tool.builder().name("get_weather").inputSchema(Tool.InputSchema.builder()
                        .properties(Tool.InputSchema.Properties.builder()
                                .putAdditionalProperty("city", com.anthropic.core.JsonValue.from(
                                        Map.of("type", "string"))).build())
                        .build()).build())
                .build();
        AnthropicClient client = anthropic(fullKey);
        Message m = client.messages().create(params);
        assertThat(m.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock use = m.content().stream().filter(ContentBlock::isToolUse).findFirst().orElseThrow().asToolUse();
        assertThat(use.id()).isEqualTo("toolu_01");
        assertThat(use.name()).isEqualTo("get_weather");
        JsonNode input = JSON.valueToTree(use._input().convert(Object.class));
        assertThat(input).isEqualTo(json(WEATHER_ARGS));

        MessageAccumulator acc = MessageAccumulator.create();
        try (var s = client.messages().createStreaming(params.toBuilder().addUserMessage("again?").build())) {
            s.stream().forEach(acc::accumulate);
        }
        List<ContentBlock> blocks = acc.message().content();
        ToolUseBlock streamed = blocks.stream().filter(ContentBlock::isToolUse).findFirst().orElseThrow().asToolUse();
        assertThat(streamed.name()).isEqualTo("get_weather");
        JsonNode streamedInput = JSON.valueToTree(streamed._input().convert(Object.class));
        assertThat(streamedInput).isEqualTo(json(WEATHER_ARGS));
    }

    @Test
    void anthropicSdkRaisesEachErrorClass() {
        AnthropicClient client = anthropic(fullKey);
        anthropicUpstream.failNext(1, 400);
        assertThat(catchThrowableOfType(com.anthropic.errors.BadRequestException.class,
                () -> client.messages().create(askClaude("up-claude", "rejected upstream"))).statusCode())
                .isEqualTo(400);
        assertThat(catchThrowableOfType(com.anthropic.errors.BadRequestException.class,
                () -> client.messages().create(askClaude("up-claude", "none").toBuilder().maxTokens(0).build()))
                .statusCode()).isEqualTo(400);

        assertThat(catchThrowableOfType(com.anthropic.errors.UnauthorizedException.class,
                () -> anthropic("sb-wrong").messages().create(askClaude("up-claude", "hi"))).statusCode())
                .isEqualTo(401);

        assertThat(catchThrowableOfType(com.anthropic.errors.PermissionDeniedException.class,
                () -> anthropic(openAiOnlyKey).messages().create(askClaude("up-claude", "hi"))).statusCode())
                .isEqualTo(403);

        assertThat(catchThrowableOfType(com.anthropic.errors.NotFoundException.class,
                () -> client.messages().create(askClaude("claude-9", "hi"))).statusCode()).isEqualTo(404);

        AnthropicClient tiny = anthropic(tinyPlanKey2);
        tiny.messages().create(askClaude("up-claude", "my one request this minute"));
        com.anthropic.errors.RateLimitException limited = catchThrowableOfType(
                com.anthropic.errors.RateLimitException.class,
                () -> tiny.messages().create(askClaude("up-claude", "one too many")));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().values("retry-after")).singleElement()
                .satisfies(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));

        AnthropicServiceException overloaded = catchThrowableOfType(com.anthropic.errors.OverloadedException.class,
                () -> client.messages().create(askClaude("sim-down", "anyone there?")));
        assertThat(overloaded.statusCode()).isEqualTo(529);
        assertThat(overloaded).isInstanceOf(com.anthropic.errors.InternalServerException.class);

        anthropicUpstream.failNext(1, 401);
        AnthropicServiceException auth = catchThrowableOfType(com.anthropic.errors.InternalServerException.class,
                () -> client.messages().create(askClaude("up-claude", "our upstream key is wrong")));
        assertThat(auth.statusCode()).isEqualTo(502);
    }

    @Test
    void anthropicSdkListsModelsAndTheOpenAiSdkToo() {
        assertThat(anthropic(openAiOnlyKey).models().list().data()).extracting(mi -> mi.id())
                .containsExactly("up-openai");
        assertThat(openAi(fullKey).models().list().data()).extracting(mi -> mi.id())
                .containsExactly("up-openai", "up-claude", "sim-down");
    }
}
