package dev.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.error.EngineException;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.request.StreamDelta;
import dev.switchboard.testsupport.upstream.MockOpenAi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole engine with a model served over HTTP by a local OpenAI-format upstream, through the providers config. */
class UpstreamEngineTest {
    private static final String KEY = "sk-test-ENGINE-0123456789";

    private final MockOpenAi mock = new MockOpenAi().expectKey(KEY);

    @TempDir
    Path home;

    @AfterEach
    void tearDown() {
        mock.close();
    }

    private SwitchboardConfig config() {
        String yaml = """
                tiers:
                  l1: {enabled: true, ttl: 5m}
                  l3: {enabled: false}
                providers:
                  openai:
                    kind: openai
                    base_url: "%s"
                    api_key: ${TEST_OPENAI_KEY}
                    connect_timeout: 2s
                    read_timeout: 5s
                models:
                  gpt-4o-mini:
                    version: "2024-07-18"
                    provider: openai
                    upstream_model: gpt-4o-mini-2024-07-18
                    input_per_1m: 0.15
                    output_per_1m: 0.60
                resilience:
                  retry: {max_attempts: 3, base: 1ms, cap: 2ms}
                ledger: {enabled: false}
                """.formatted(mock.baseUrl());
        return new ConfigLoader(Map.of("TEST_OPENAI_KEY", KEY, "SWITCHBOARD_HOME", home.toString())::get)
                .parse(yaml, "test.yaml");
    }

    private static ChatRequest ask(String prompt) {
        return ChatRequest.builder().model("gpt-4o-mini").system("Be brief.").prompt(prompt).temperature(0.0)
                .maxTokens(64).build();
    }

    @Test
    void answerCarriesTheUpstreamsTokensAndThePricedCostThenHitsL1() {
        mock.answer("A cache keeps answers close.").usage(1200, 300);
        try (Engine engine = Engine.start(config())) {
            ChatResult first = engine.submit(ask("What is a cache?"));
            assertThat(first.servedBy()).isEqualTo(ServedBy.PROVIDER);
            assertThat(first.answer()).isEqualTo("A cache keeps answers close.");
            assertThat(first.tokensIn()).isEqualTo(1200);
            assertThat(first.tokensOut()).isEqualTo(300);
            // 1200 * 0.15 + 300 * 0.60 micro-dollars = 360 micro-dollars.
            assertThat(first.costUsd()).isEqualTo(0.00036);
            assertThat(mock.lastRequest().body().path("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
            assertThat(mock.lastRequest().header("authorization")).isEqualTo("Bearer " + KEY);

            ChatResult second = engine.submit(ask("What is a cache?"));
            assertThat(second.servedBy()).isEqualTo(ServedBy.L1);
            assertThat(second.answer()).isEqualTo(first.answer());
            assertThat(mock.requestCount()).isEqualTo(1);
            assertThat(engine.snapshot().providerCalls()).isEqualTo(1);
        }
    }

    @Test
    void streamDeliversTheUpstreamsDeltas() {
        String text = "Streams arrive piece by piece.";
        mock.answer(text).usage(40, 7);
        try (Engine engine = Engine.start(config())) {
            List<StreamDelta> deltas = new ArrayList<>();
            ChatResult r = engine.submitStream(ask("stream please"), deltas::add);
            assertThat(deltas.stream().filter(d -> d.text() != null).map(StreamDelta::text).toList())
                    .containsExactlyElementsOf(MockOpenAi.streamedPieces(text));
            assertThat(r.answer()).isEqualTo(text);
            assertThat(r.tokensIn()).isEqualTo(40);
            assertThat(r.tokensOut()).isEqualTo(7);
            assertThat(mock.lastRequest().body().path("stream").asBoolean()).isTrue();
        }
    }

    @Test
    void serverErrorIsRetried() {
        mock.failNext(1, 500);
        try (Engine engine = Engine.start(config())) {
            ChatResult r = engine.submit(ask("retry me"));
            assertThat(r.servedBy()).isEqualTo(ServedBy.PROVIDER);
            assertThat(r.retries()).isEqualTo(1);
            assertThat(mock.requestCount()).isEqualTo(2);
        }
    }

    @Test
    void refusedKeyIsNotRetriedAndIsReported() {
        mock.failNext(5, 401);
        try (Engine engine = Engine.start(config())) {
            Throwable t = catchThrowable(() -> engine.submit(ask("who am I")));
            assertThat(t).isInstanceOf(EngineException.class).hasMessageContaining("refused its credentials")
                    .hasMessageNotContaining(KEY);
            assertThat(mock.requestCount()).isEqualTo(1);
            assertThat(engine.providerAuthFailures()).containsOnlyKeys("openai");
        }
    }
}
