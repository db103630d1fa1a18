package dev.switchboard.engine.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.engine.config.ProviderConfig;
import dev.switchboard.engine.config.ProviderKind;
import dev.switchboard.engine.config.Secret;
import dev.switchboard.engine.error.UpstreamUnavailableException;
import dev.switchboard.testsupport.upstream.MockOpenAi;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Netty client's own behaviour: how it pools, reuses and drops connections, and what it refuses to send. */
class UpstreamHttpTest {
    private static final String KEY = "sk-test-0123456789";

    private final MockOpenAi mock = new MockOpenAi().expectKey(KEY);
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        mock.close();
    }

    private UpstreamHttp http(Map<String, String> headers) {
        UpstreamHttp h = new UpstreamHttp(new ProviderConfig("netty-test", ProviderKind.OPENAI, mock.baseUrl(),
                new Secret("${KEY}", KEY), headers, Duration.ofSeconds(2), Duration.ofSeconds(5), null));
        open.add(h);
        return h;
    }

    private UpstreamHttp http() {
        return http(Map.of());
    }

    private URI uri() {
        return URI.create(mock.baseUrl() + "/chat/completions");
    }

    private static byte[] body(boolean stream) {
        return ("{\"model\":\"gpt-4o-mini\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> auth() {
        return Map.of("authorization", "Bearer " + KEY);
    }

    private String answer(UpstreamHttp h) {
        JsonNode n = h.postForJson(uri(), auth(), body(false), "gpt-4o-mini");
        return n.path("choices").path(0).path("message").path("content").asText();
    }

    /** Reads the whole stream; the number of events. */
    private static int drain(UpstreamHttp.Response r) throws Exception {
        int events = 0;
        try (r; SseReader reader = new SseReader(r.body())) {
            while (reader.next() != null) {
                events++;
            }
        }
        return events;
    }

    @Test
    void sequentialCallsReuseOneConnection() {
        UpstreamHttp h = http();
        for (int i = 0; i < 5; i++) {
            assertThat(answer(h)).isEqualTo("Hello! How can I help you today?");
        }
        assertThat(mock.requestCount()).isEqualTo(5);
        assertThat(mock.connectionCount()).isEqualTo(1);
        assertThat(h.calls()).isEqualTo(5);
    }

    @Test
    void aStreamReadToItsEndLeavesItsConnectionToTheNextCall() throws Exception {
        UpstreamHttp h = http();
        assertThat(drain(h.post(uri(), auth(), body(true), true, "gpt-4o-mini"))).isGreaterThan(3);
        assertThat(answer(h)).isNotEmpty();
        assertThat(drain(h.post(uri(), auth(), body(true), true, "gpt-4o-mini"))).isGreaterThan(3);
        assertThat(mock.connectionCount()).isEqualTo(1);
    }

    @Test
    void aHalfReadStreamsConnectionIsNeverReused() throws Exception {
        mock.answer("one two three four five six seven eight nine ten eleven twelve").pace(Duration.ofMillis(30));
        UpstreamHttp h = http();
        UpstreamHttp.Response r = h.post(uri(), auth(), body(true), true, "gpt-4o-mini");
        SseReader reader = new SseReader(r.body());
        assertThat(reader.next()).isNotNull();
        r.close();
        mock.reset();
        assertThat(answer(h)).isEqualTo("Hello! How can I help you today?");
        assertThat(mock.connectionCount()).isEqualTo(2);
        // The new connection is the pooled one from now on.
        assertThat(answer(h)).isNotEmpty();
        assertThat(mock.connectionCount()).isEqualTo(2);
    }

    @Test
    void anErrorStatusWithItsBodyReadKeepsTheConnection() {
        UpstreamHttp h = http();
        mock.failNext(1, 500);
        assertThatThrownBy(() -> answer(h)).hasMessageContaining("500");
        assertThat(answer(h)).isNotEmpty();
        assertThat(mock.connectionCount()).isEqualTo(1);
    }

    @Test
    void aServerThatClosesAfterEachResponseGetsANewConnectionEachTime() throws Exception {
        mock.closeEachResponse();
        UpstreamHttp h = http();
        for (int i = 0; i < 3; i++) {
            assertThat(answer(h)).isEqualTo("Hello! How can I help you today?");
        }
        assertThat(drain(h.post(uri(), auth(), body(true), true, "gpt-4o-mini"))).isGreaterThan(3);
        assertThat(answer(h)).isNotEmpty();
        assertThat(mock.requestCount()).isEqualTo(5);
        assertThat(mock.connectionCount()).isEqualTo(5);
    }

    @Test
    void concurrentCallsOpenConnectionsAsNeededAndThenShareThem() throws Exception {
        mock.delayHeaders(Duration.ofMillis(200));
        UpstreamHttp h = http();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(threads.submit(() -> answer(h)));
            }
            for (Future<String> f : all) {
                assertThat(f.get()).isNotEmpty();
            }
        }
        assertThat(mock.connectionCount()).isEqualTo(8);
        mock.reset();
        for (int i = 0; i < 4; i++) {
            assertThat(answer(h)).isNotEmpty();
        }
        assertThat(mock.connectionCount()).isEqualTo(8);
    }

    @Test
    void aLargeBodyReadSlowlyArrivesWhole() throws Exception {
        // About 1.4 MB: far more buffers than the reader may fall behind by, so reading pauses and resumes.
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 1_400_000; i++) {
            text.append(i == 0 ? "" : " ").append("word").append(i);
        }
        mock.answer(text.toString());
        UpstreamHttp h = http();
        UpstreamHttp.Response r = h.post(uri(), auth(), body(false), false, "gpt-4o-mini");
        byte[] all;
        try (r; InputStream in = r.body()) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] b = new byte[4096];
            for (int n = in.read(b), total = 0; n >= 0; n = in.read(b)) {
                out.write(b, 0, n);
                total += n;
                if (total % (64 * 1024) < n) {
                    Thread.sleep(2);
                }
            }
            all = out.toByteArray();
        }
        JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(all);
        assertThat(n.path("choices").path(0).path("message").path("content").asText()).isEqualTo(text.toString());
        assertThat(answer(h)).isNotEmpty();
        assertThat(mock.connectionCount()).isEqualTo(1);
    }

    @Test
    void aHeaderValueWithALineBreakIsRefusedUnsentAndUnquoted() {
        UpstreamHttp h = http(Map.of("x-tag", "a\r\nx-injected: 1"));
        assertThatThrownBy(() -> answer(h)).isInstanceOf(UpstreamUnavailableException.class)
                .hasMessageContaining("a configured header cannot be sent").hasMessageContaining("x-tag")
                .hasMessageNotContaining("injected");
        assertThat(mock.requestCount()).isZero();
    }

    @Test
    void aClosedClientRefusesNewCalls() {
        UpstreamHttp h = http();
        assertThat(answer(h)).isNotEmpty();
        h.close();
        assertThatThrownBy(() -> answer(h)).isInstanceOf(UpstreamUnavailableException.class)
                .hasMessageContaining("closed");
    }
}
