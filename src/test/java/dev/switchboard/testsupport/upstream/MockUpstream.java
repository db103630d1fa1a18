package dev.switchboard.testsupport.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A scriptable local upstream on a loopback port (the JDK's {@code HttpServer}, each request on its own virtual
 * thread, so a hanging request never holds up another). The wire format is the subclass's; what is common is here:
 * <ul>
 *   <li>{@link #failNext}: the next N requests answer with a status (the format's documented error body unless one
 *       is given) and headers such as {@code Retry-After};</li>
 *   <li>{@link #answer} / {@link #toolCall}: what a successful request answers, plain or streamed (text in word
 *       pieces, tool arguments in fragments); {@link #usage} / {@link #noUsage}: the token counts reported;</li>
 *   <li>{@link #delayHeaders}: wait before any response; {@link #silenceAfterHeaders}: send the headers, then
 *       nothing for a while (a slow first byte); {@link #pace}: wait after each stream event; {@link #cutAfter}: close the connection after K stream events;
 *       {@link #streamErrorAfter}: an error event after K events; {@link #hang}: accept and never answer;</li>
 *   <li>{@link #closeEachResponse}: answer with {@code Connection: close}, so every request needs a new
 *       connection;</li>
 *   <li>{@link #requests()}, {@link #requestCount()}: every request received (method, path, query, headers, JSON
 *       body), in order, including the failed ones; {@link #connectionCount()}: the client connections they came
 *       on (told apart by their remote address).</li>
 * </ul>
 * Waits end when the server is closed, so a test never leaves a thread behind.
 *
 * @param <S> the subclass, for fluent scripting
 */
public abstract class MockUpstream<S extends MockUpstream<S>> implements AutoCloseable {
    protected static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough to be "never" in a test, short enough that nothing is left running if close() is missed. */
    public static final Duration FOREVER = Duration.ofMinutes(10);

    /** One request as received. */
    public record Received(String method, String path, String query, Map<String, List<String>> headers,
                           JsonNode body) {
        /** The header's first value, by a case-insensitive name; null when absent. */
        public String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** A scripted failure; a null body means the format's documented body for the status. */
    public record Failure(int status, String body, Map<String, String> headers) {
    }

    /** A tool call to answer with. */
    public record Tool(String id, String name, String arguments) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Failure> failures = new ConcurrentLinkedDeque<>();
    private final java.util.Set<InetSocketAddress> connections = java.util.concurrent.ConcurrentHashMap.newKeySet();

    protected volatile String answer = "Hello! How can I help you today?";
    protected volatile Tool tool;
    protected volatile boolean usage = true;
    protected volatile int promptTokens = 25;
    protected volatile int completionTokens = 9;
    protected volatile int cacheReadTokens;
    protected volatile int cacheWriteTokens;
    private volatile Duration headerDelay = Duration.ZERO;
    private volatile Duration silence = Duration.ZERO;
    private volatile Duration pace = Duration.ZERO;
    private volatile int cutAfter = -1;
    private volatile int errorAfter = -1;
    private volatile boolean hang;
    private volatile boolean closeEach;
    protected volatile String expectedKey;

    // The handler sees this object before a subclass's constructor ran; harmless, since no request can arrive
    // before the constructor returns the port. Subclasses keep no per-instance state of their own.
    @SuppressWarnings("this-escape")
    protected MockUpstream() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    /** The provider's {@code base_url}: {@code http://127.0.0.1:PORT} plus the format's version path. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + basePath();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The path prefix a provider's base_url ends in ({@code /v1}). */
    protected abstract String basePath();

    // Scripting.

    /** The next {@code times} requests fail with {@code status} and the format's documented error body. */
    public S failNext(int times, int status) {
        return failNext(times, status, null, Map.of());
    }

    /** The next {@code times} requests fail with {@code status}, {@code body} (null: the documented one), headers. */
    public S failNext(int times, int status, String body, Map<String, String> headers) {
        for (int i = 0; i < times; i++) {
            failures.add(new Failure(status, body, headers));
        }
        return self();
    }

    /** Successful requests answer {@code text} (with a tool call too, if one is set). */
    public S answer(String text) {
        answer = text;
        return self();
    }

    /** Successful requests answer with this tool call, and no text unless {@link #answer} is called after. */
    public S toolCall(String id, String name, String argumentsJson) {
        tool = new Tool(id, name, argumentsJson);
        answer = "";
        return self();
    }

    /** The usage reported: input and output tokens. */
    public S usage(int prompt, int completion) {
        usage = true;
        promptTokens = prompt;
        completionTokens = completion;
        return self();
    }

    /** Input tokens reported as read from the upstream's prompt cache (and, for Anthropic, written to it). */
    public S cacheTokens(int read, int write) {
        cacheReadTokens = read;
        cacheWriteTokens = write;
        return self();
    }

    /** No usage at all in answers (as some local servers): the client has to estimate. */
    public S noUsage() {
        usage = false;
        return self();
    }

    /** Waits this long before any response (no headers either). */
    public S delayHeaders(Duration d) {
        headerDelay = d;
        return self();
    }

    /** Sends the headers at once, then nothing for this long (for streams: before the first event). */
    public S silenceAfterHeaders(Duration d) {
        silence = d;
        return self();
    }

    /** Streams wait this long after each event (a slow model that never goes silent for longer). */
    public S pace(Duration d) {
        pace = d;
        return self();
    }

    /** Streams close the connection abruptly after {@code events} events (no end marker, no terminating chunk). */
    public S cutAfter(int events) {
        cutAfter = events;
        return self();
    }

    /** Streams send the format's error event after {@code events} events, then end the response. */
    public S streamErrorAfter(int events) {
        errorAfter = events;
        return self();
    }

    /** Accepts every request and never answers it (until closed). */
    public S hang() {
        hang = true;
        return self();
    }

    /** Every response says {@code Connection: close}, and the server closes the connection after it. */
    public S closeEachResponse() {
        closeEach = true;
        return self();
    }

    /** Requests must carry this key (each format has its header); others get the documented 401. */
    public S expectKey(String key) {
        expectedKey = key;
        return self();
    }

    /** Back to the defaults, keeping what was recorded. */
    public S reset() {
        failures.clear();
        answer = "Hello! How can I help you today?";
        tool = null;
        usage = true;
        promptTokens = 25;
        completionTokens = 9;
        cacheReadTokens = 0;
        cacheWriteTokens = 0;
        headerDelay = Duration.ZERO;
        silence = Duration.ZERO;
        pace = Duration.ZERO;
        cutAfter = -1;
        errorAfter = -1;
        hang = false;
        closeEach = false;
        return self();
    }

    // Inspection.

    public List<Received> requests() {
        return List.copyOf(received);
    }

    public int requestCount() {
        return received.size();
    }

    /** Distinct client connections requests arrived on. */
    public int connectionCount() {
        return connections.size();
    }

    public Received lastRequest() {
        return received.isEmpty() ? null : received.get(received.size() - 1);
    }

    // The format's part.

    /** A failure the request earns by itself (a missing key or header, an invalid body), or null. */
    protected abstract Failure check(Received r);

    /** The documented error body for {@code status}. */
    protected abstract String errorBody(int status);

    protected abstract boolean wantsStream(Received r);

    /** The whole answer as a JSON body. */
    protected abstract ObjectNode completion(Received r);

    /** The answer as stream events. */
    protected abstract void stream(Received r, Events out) throws IOException;

    /** The format's mid-stream error event. */
    protected abstract void errorEvent(Events out) throws IOException;

    /** Where a subclass writes its stream events; counts them and applies the cut or error. */
    protected final class Events {
        private final OutputStream out;
        private int written;
        private boolean erroring;

        private Events(OutputStream out) {
            this.out = out;
        }

        /** One event: an {@code event:} line if {@code event} is not null, the data line, a blank line. */
        public void send(String event, String data) throws IOException {
            if (!erroring && written == cutAfter) {
                throw new Cut();
            }
            if (!erroring && written == errorAfter) {
                erroring = true;
                errorEvent(this);
                throw new Stop();
            }
            String frame = (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.flush();
            written++;
            pause(pace);
        }

        public void send(String event, JsonNode data) throws IOException {
            send(event, data.toString());
        }
    }

    /** Ends the handler by closing the connection under the response (the server does that on an exception). */
    private static final class Cut extends IOException {
        Cut() {
            super("connection cut by the test", null);
        }
    }

    /** Ends the stream normally, early. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] raw = ex.getRequestBody().readAllBytes();
        JsonNode body;
        try {
            body = raw.length == 0 ? null : JSON.readTree(raw);
        } catch (IOException notJson) {
            body = null;
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
        Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getQuery(),
                Collections.unmodifiableMap(headers), body);
        connections.add(ex.getRemoteAddress());
        received.add(r);
        if (closeEach) {
            ex.getResponseHeaders().set("Connection", "close");
        }
        boolean cut = false;
        try {
            if (hang) {
                pause(FOREVER);
                return;
            }
            pause(headerDelay);
            Failure f = failures.poll();
            if (f == null) {
                f = check(r);
            }
            if (f != null) {
                f.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                respond(ex, f.status(), f.body() != null ? f.body() : errorBody(f.status()));
                return;
            }
            if (wantsStream(r)) {
                ex.getResponseHeaders().add("content-type", "text/event-stream; charset=utf-8");
                ex.getResponseHeaders().add("cache-control", "no-cache");
                ex.sendResponseHeaders(200, 0);
                pause(silence);
                try {
                    stream(r, new Events(ex.getResponseBody()));
                } catch (Stop early) {
                    // The error event was the last one.
                }
            } else {
                byte[] bytes = completion(r).toString().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("content-type", "application/json");
                ex.sendResponseHeaders(200, bytes.length);
                pause(silence);
                ex.getResponseBody().write(bytes);
            }
        } catch (Cut c) {
            // Not closing the exchange: the server drops the connection without ending the chunked body.
            cut = true;
            throw c;
        } finally {
            if (!cut) {
                ex.close();
            }
        }
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("content-type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    /** Waits, ending early when the server closes. */
    private void pause(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            closed.await(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code text} in the pieces a model streams: the first word, then each further word with its space. */
    protected static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int i = 1; i < text.length(); i++) {
            if (text.charAt(i) == ' ') {
                out.add(text.substring(from, i));
                from = i;
            }
        }
        if (from < text.length()) {
            out.add(text.substring(from));
        }
        return out;
    }

    /** Tool arguments in fragments of a few characters, as upstreams stream them. */
    protected static List<String> fragments(String json) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < json.length(); i += 7) {
            out.add(json.substring(i, Math.min(json.length(), i + 7)));
        }
        return out;
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
