package dev.switchboard.engine.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.engine.config.ProviderConfig;
import dev.switchboard.engine.config.ProviderKind;
import dev.switchboard.engine.config.Secret;
import dev.switchboard.engine.error.ProviderAuthException;
import dev.switchboard.engine.error.UpstreamErrorException;
import dev.switchboard.engine.error.UpstreamRateLimitedException;
import dev.switchboard.engine.error.UpstreamUnavailableException;
import dev.switchboard.testsupport.upstream.MockOpenAi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The semantic cache's remote embedder against a local server speaking OpenAI's embeddings wire format. */
class OpenAiEmbedderTest {
    private static final String KEY = "sk-proj-EMBED-0123456789abcdefXYZ";
    private static final String MODEL = "text-embedding-3-small";

    private final MockOpenAi mock = new MockOpenAi().expectKey(KEY);
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        mock.close();
    }

    private static ProviderConfig provider(String baseUrl, Secret key, Duration readTimeout, String apiVersion) {
        return new ProviderConfig("oa", ProviderKind.OPENAI, baseUrl, key, Map.of(), Duration.ofSeconds(2),
                readTimeout, apiVersion);
    }

    private ProviderConfig provider() {
        return provider(mock.baseUrl(), new Secret("${OPENAI_API_KEY}", KEY), Duration.ofSeconds(5), null);
    }

    private OpenAiEmbedder embedder(ProviderConfig pc) {
        OpenAiEmbedder e = new OpenAiEmbedder(pc, MODEL);
        open.add(e);
        return e;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    @Test
    void postsTheModelAndTheTextWithTheBearerKeyAndReadsTheFirstEmbedding() {
        OpenAiEmbedder e = embedder(provider());
        assertThat(e.id()).isEqualTo("openai:oa/" + MODEL);
        assertThat(e.remote()).isTrue();
        assertThat(e.dimensions()).as("unknown until the endpoint answers").isZero();

        float[] v = e.embed("How can I learn Python quickly?");

        assertThat(v).hasSize(MockOpenAi.EMBEDDING_DIMENSIONS);
        assertThat(e.dimensions()).isEqualTo(MockOpenAi.EMBEDDING_DIMENSIONS);
        assertThat(norm(v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(dot(v, MockOpenAi.embeddingOf("How can I learn Python quickly?")))
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        MockOpenAi.Received r = mock.lastRequest();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/v1/embeddings");
        assertThat(r.header("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.body().toString()).isEqualTo(
                "{\"model\":\"" + MODEL + "\",\"input\":[\"How can I learn Python quickly?\"]}");
    }

    @Test
    void paraphrasesAreCloseAndOtherQuestionsAreNot() {
        OpenAiEmbedder e = embedder(provider());
        float[] a = e.embed("How can I learn the Python programming language quickly and well?");
        float[] b = e.embed("How can I learn the Python programming language fast and well?");
        float[] c = e.embed("Where is the nearest train station to the museum?");
        assertThat(dot(a, b)).isGreaterThan(0.85);
        assertThat(dot(a, c)).isLessThan(0.5);
    }

    @Test
    void azureUsesTheDeploymentPathTheApiVersionAndTheApiKeyHeader() {
        OpenAiEmbedder e = embedder(provider(mock.azureBaseUrl(), new Secret("${AZURE_KEY}", KEY),
                Duration.ofSeconds(5), "2024-10-21"));
        float[] v = e.embed("hello there");
        assertThat(v).hasSize(MockOpenAi.EMBEDDING_DIMENSIONS);
        MockOpenAi.Received r = mock.lastRequest();
        assertThat(r.path()).isEqualTo("/openai/deployments/" + MODEL + "/embeddings");
        assertThat(r.query()).isEqualTo("api-version=2024-10-21");
        assertThat(r.header("api-key")).isEqualTo(KEY);
        assertThat(r.header("authorization")).isNull();
    }

    @Test
    void aServerWithoutAKeyGetsNoAuthorizationHeader() {
        MockOpenAi local = new MockOpenAi();
        open.add(local);
        OpenAiEmbedder e = embedder(provider(local.baseUrl(), Secret.none(), Duration.ofSeconds(5), null));
        e.embed("no key here");
        assertThat(local.lastRequest().header("authorization")).isNull();
    }

    @Test
    void anUnnormalizedAnswerIsScaledToLengthOne() {
        mock.failNext(1, 200, """
                {"object":"list","data":[{"object":"embedding","index":0,"embedding":[3.0,4.0,0.0]}],
                 "model":"text-embedding-3-small","usage":{"prompt_tokens":2,"total_tokens":2}}""", Map.of());
        float[] v = embedder(provider()).embed("scale me");
        assertThat(v).containsExactly(0.6f, 0.8f, 0.0f);
    }

    @Test
    void aBase64EmbeddingIsRefusedAsOnlyFloatArraysAreRead() {
        mock.failNext(1, 200, """
                {"object":"list","data":[{"object":"embedding","index":0,"embedding":"AACAPwAAAEA="}],
                 "model":"text-embedding-3-small","usage":{"prompt_tokens":2,"total_tokens":2}}""", Map.of());
        assertThatThrownBy(() -> embedder(provider()).embed("base64 please"))
                .isInstanceOf(UpstreamErrorException.class).hasMessageContaining("base64")
                .hasMessageContaining("float arrays");
    }

    @Test
    void anAnswerWithoutAnEmbeddingOrWithAnotherLengthLaterIsRefused() {
        OpenAiEmbedder e = embedder(provider());
        mock.failNext(1, 200, "{\"object\":\"list\",\"data\":[]}", Map.of());
        assertThatThrownBy(() -> e.embed("nothing"))
                .isInstanceOf(UpstreamErrorException.class).hasMessageContaining("data[0].embedding");
        e.embed("learn the length");
        mock.failNext(1, 200, """
                {"object":"list","data":[{"object":"embedding","index":0,"embedding":[1.0,0.0]}]}""", Map.of());
        assertThatThrownBy(() -> e.embed("shorter"))
                .isInstanceOf(UpstreamErrorException.class).hasMessageContaining("2 dimensions")
                .hasMessageContaining("semantic.model");
        assertThat(e.dimensions()).isEqualTo(MockOpenAi.EMBEDDING_DIMENSIONS);
    }

    @Test
    void anErrorObjectWithStatus200IsMappedAsItsTypeSays() {
        mock.failNext(1, 200, MockOpenAi.error("Rate limit reached", "requests", null, "rate_limit_exceeded"),
                Map.of());
        assertThat(catchThrowable(() -> embedder(provider()).embed("x")))
                .isInstanceOf(UpstreamRateLimitedException.class);
    }

    @Test
    void errorsMapAsTheProvidersDoAndNeverCarryTheKey() {
        OpenAiEmbedder e = embedder(provider());
        mock.failNext(1, 429, null, Map.of("retry-after", "3"));
        assertThat(catchThrowable(() -> e.embed("x"))).isInstanceOf(UpstreamRateLimitedException.class);

        // A server error that echoes the key: the message names the model and status, and cuts the key out.
        mock.failNext(1, 500, MockOpenAi.error("upstream broke while using key " + KEY, "server_error", null, null),
                Map.of());
        Throwable t = catchThrowable(() -> e.embed("x"));
        assertThat(t).isInstanceOf(UpstreamErrorException.class).hasMessageContaining(MODEL)
                .hasMessageContaining("HTTP 500").hasMessageNotContaining(KEY);
        assertThat(((UpstreamErrorException) t).status()).isEqualTo(500);

        mock.failNext(1, 401);
        assertThat(catchThrowable(() -> e.embed("x"))).isInstanceOf(ProviderAuthException.class)
                .hasMessageNotContaining(KEY);
    }

    @Test
    void aKeyWhoseVariableIsNotSetIsRefusedBeforeAnyCall() {
        OpenAiEmbedder e = embedder(provider(mock.baseUrl(), new Secret("${OPENAI_API_KEY}", null),
                Duration.ofSeconds(5), null));
        assertThatThrownBy(() -> e.embed("x")).isInstanceOf(ProviderAuthException.class)
                .hasMessageContaining("OPENAI_API_KEY");
        assertThat(mock.requestCount()).isZero();
    }

    @Test
    void noAnswerWithinTheReadTimeoutIsUnavailable() {
        mock.hang();
        OpenAiEmbedder e = embedder(provider(mock.baseUrl(), new Secret("${OPENAI_API_KEY}", KEY),
                Duration.ofMillis(200), null));
        assertThat(catchThrowable(() -> e.embed("x"))).isInstanceOf(UpstreamUnavailableException.class)
                .hasMessageContaining("read_timeout");
    }

    @Test
    void aChangedProviderEntryGetsANewClientAndAClosedEmbedderRefuses() {
        MockOpenAi other = new MockOpenAi().expectKey(KEY);
        open.add(other);
        AtomicReference<ProviderConfig> current = new AtomicReference<>(provider());
        OpenAiEmbedder e = new OpenAiEmbedder(current::get, "oa", MODEL);
        open.add(e);
        e.embed("first");
        current.set(provider(other.baseUrl(), new Secret("${OPENAI_API_KEY}", KEY), Duration.ofSeconds(5), null));
        e.embed("second");
        assertThat(mock.requestCount()).isEqualTo(1);
        assertThat(other.requestCount()).isEqualTo(1);

        current.set(null);
        assertThatThrownBy(() -> e.embed("third")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'oa'");
        e.close();
        e.close();
        assertThatThrownBy(() -> e.embed("x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
