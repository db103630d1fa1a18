package dev.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.switchboard.engine.cache.semantic.SemanticCache;
import dev.switchboard.engine.cache.semantic.SemanticSnapshot;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.testsupport.Engines;
import dev.switchboard.testsupport.LogCapture;
import dev.switchboard.testsupport.upstream.MockOpenAi;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The semantic cache embedding through a provider's OpenAI-compatible {@code /embeddings} endpoint, end to end in
 * an engine: {@code semantic.provider} names the entry, answers come from the simulator, embeddings from a local
 * server speaking OpenAI's wire format (deterministic bag-of-words vectors, so paraphrases sharing words are close).
 */
class RemoteEmbedderEngineTest {
    private static final String KEY = "sk-test-EMBEDDINGS-0123456789abcdef";
    private static final String MODEL = "text-embedding-3-small";
    private static final String FIRST = "How can I learn the Python programming language quickly and well?";
    private static final String PARAPHRASE = "How can I learn the Python programming language fast and well?";
    private static final String ANOTHER = "How can I learn the Python programming language quickly and properly?";

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
                  embeddings:
                    kind: openai
                    base_url: "%s"
                    api_key: ${TEST_EMBEDDINGS_KEY}
                    connect_timeout: 2s
                    read_timeout: 500ms
                models:
                  gpt-4o-mini: {version: "2024-07-18", input_per_1m: 0.15, output_per_1m: 0.60}
                simulated:
                  latency: {median: 0ms, p99: 0ms}
                semantic:
                  enabled: true
                  provider: embeddings
                  model: %s
                  threshold: 0.85
                ledger: {enabled: false}
                """.formatted(mock.baseUrl(), MODEL);
        return new ConfigLoader(Map.of("TEST_EMBEDDINGS_KEY", KEY, "SWITCHBOARD_HOME", home.toString())::get)
                .parse(yaml, "test.yaml");
    }


    private static ChatRequest ask(String prompt) {
        return ChatRequest.builder().model("gpt-4o-mini").system("Be brief.").prompt(prompt).temperature(0.0)
                .maxTokens(128).build();
    }

    @Test
    void aParaphraseIsAnsweredThroughTheRemoteEmbedder() throws Exception {
        try (Engine engine = Engines.withSemanticReady(config())) {
            assertThat(mock.requestCount()).as("a remote embedder needs no warm-up call").isZero();
            ChatResult first = engine.submit(ask(FIRST));
            assertThat(first.servedBy()).isEqualTo(ServedBy.PROVIDER);
            ChatResult again = engine.submit(ask(PARAPHRASE));
            assertThat(again.servedBy()).isEqualTo(ServedBy.SEMANTIC);
            assertThat(again.answer()).isEqualTo(first.answer());
            assertThat(again.cacheKey()).isEqualTo(first.cacheKey());
            assertThat(again.route()).singleElement().asString().startsWith("semantic: 0.").contains(FIRST);

            List<MockOpenAi.Received> calls = mock.requests();
            assertThat(calls).hasSize(2).allSatisfy(r -> {
                assertThat(r.path()).isEqualTo("/v1/embeddings");
                assertThat(r.header("authorization")).isEqualTo("Bearer " + KEY);
                assertThat(r.body().path("model").asText()).isEqualTo(MODEL);
            });
            assertThat(calls.get(0).body().path("input").get(0).asText()).isEqualTo(FIRST);
            assertThat(calls.get(1).body().path("input").get(0).asText()).isEqualTo(PARAPHRASE);

            SemanticSnapshot s = engine.snapshot().semantic();
            assertThat(s.model()).isEqualTo("embeddings/" + MODEL);
            assertThat(s.loaded()).isTrue();
            assertThat(s.failure()).isNull();
            assertThat(s.lookups()).isEqualTo(2);
            assertThat(s.hits()).isEqualTo(1);
            assertThat(s.stored()).isEqualTo(1);
            assertThat(s.skipped()).isEmpty();
            assertThat(s.meanHitSimilarity()).isGreaterThan(0.85);

            // The exact repeat is an L1 hit: no embedding paid.
            assertThat(engine.submit(ask(PARAPHRASE)).servedBy()).isEqualTo(ServedBy.L1);
            assertThat(mock.requestCount()).isEqualTo(2);
        }
    }

    @Test
    void aServerErrorFromTheEndpointIsAPlainMissCountedAndTheKeyIsNowhere() throws Exception {
        try (LogCapture log = new LogCapture(Level.DEBUG); Engine engine = Engines.withSemanticReady(config())) {
            ChatResult first = engine.submit(ask(FIRST));
            assertThat(first.servedBy()).isEqualTo(ServedBy.PROVIDER);

            // An endpoint that echoes the key in its error body.
            mock.failNext(1, 500, MockOpenAi.error("The server had an error processing key " + KEY,
                    "server_error", null, null), Map.of());
            ChatResult failed = engine.submit(ask(PARAPHRASE));
            assertThat(failed.servedBy()).as("answered by the provider, not failed").isEqualTo(ServedBy.PROVIDER);
            assertThat(failed.answer()).isNotBlank();

            SemanticSnapshot s = engine.snapshot().semantic();
            assertThat(s.skipped()).containsExactly(Map.entry(SemanticCache.SKIP_EMBED_FAILED, 1L));
            assertThat(s.lookups()).as("a skip is not a lookup").isEqualTo(1);
            assertThat(s.stored()).as("no vector, nothing indexed").isEqualTo(1);
            assertThat(s.failure()).contains("openai:embeddings/" + MODEL).contains("HTTP 500")
                    .doesNotContain(KEY);

            // The next request embeds again, and the cached answer is found by meaning.
            ChatResult recovered = engine.submit(ask(ANOTHER));
            assertThat(recovered.servedBy()).isEqualTo(ServedBy.SEMANTIC);
            assertThat(recovered.answer()).isEqualTo(first.answer());
            assertThat(engine.snapshot().semantic().failure()).isNull();

            assertThat(log.lines()).anySatisfy(l -> assertThat(l.message()).contains("embeddings failing")
                    .contains("HTTP 500"));
            assertThat(log.lines()).anySatisfy(l -> assertThat(l.message()).contains("answer again"));
            assertThat(log.everything()).noneMatch(line -> line.contains(KEY));
        }
    }

    @Test
    void noAnswerWithinTheReadTimeoutAndRateLimitsAreSkipsToo() throws Exception {
        try (Engine engine = Engines.withSemanticReady(config())) {
            engine.submit(ask(FIRST));
            mock.failNext(1, 429, null, Map.of("retry-after", "1"));
            assertThat(engine.submit(ask(PARAPHRASE)).servedBy()).isEqualTo(ServedBy.PROVIDER);
            mock.hang();
            assertThat(engine.submit(ask(ANOTHER)).servedBy()).isEqualTo(ServedBy.PROVIDER);
            assertThat(engine.snapshot().semantic().skipped())
                    .containsExactly(Map.entry(SemanticCache.SKIP_EMBED_FAILED, 2L));
            assertThat(engine.snapshot().semantic().failure()).contains("read_timeout");
        }
    }
}
