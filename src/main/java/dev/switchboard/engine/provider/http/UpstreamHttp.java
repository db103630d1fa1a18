package dev.switchboard.engine.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.config.ProviderConfig;
import dev.switchboard.engine.error.EngineException;
import dev.switchboard.engine.error.Echo;
import dev.switchboard.engine.error.UpstreamErrorException;
import dev.switchboard.engine.error.UpstreamRateLimitedException;
import dev.switchboard.engine.error.UpstreamUnavailableException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * One provider's HTTP client: HTTP/1.1 with keep-alive on Netty ({@link UpstreamPool}: a LIFO pool of connections
 * per origin, on the event loops all providers share, {@link UpstreamLoop}). The request runs on the caller's
 * (virtual) thread up to the write; the event loop completes a future with the response head and feeds the body to
 * an {@link IdleTimeoutBody} the caller reads, so a call costs one hand-off each way and no thread of its own.
 *
 * <p>Why not the JDK's {@code java.net.http.HttpClient}, used until it was measured: through {@code switchboard
 * serve} on two cores, calls to a local mock upstream answering in 0 ms made 800 req/s at one connection (+0.9 ms
 * p50 over calling the mock directly) and 3,300 req/s at 16, against 17,400 req/s for the same gateway and engine
 * with the in-process simulator; its asynchronous hand-offs between executors and its selector thread were the
 * cost. Netty's client on the gateway's own transport is the reference figure (31k-40k req/s at 16-64 connections,
 * +0.02 ms p50 at one). HTTP/2 is not spoken (TLS offers http/1.1 by ALPN): each call is one connection's
 * exchange, which the pool makes cheap; multiplexing many streams on one h2 connection is left for later.
 *
 * <p>Time limits: the provider's {@code connect_timeout} for the connection; its {@code read_timeout} as the longest
 * wait for the response headers and, through {@link IdleTimeoutBody}, as the longest silence while the body
 * arrives. An interrupt of the calling thread closes the connection at once.
 */
public final class UpstreamHttp implements AutoCloseable {
    /** Bytes of an error body read: the message is near the start, and a proxy's error page can be megabytes. */
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final ObjectMapper JSON = dev.switchboard.engine.request.Json.mapper();
    /** Headers the client frames itself, refused as the JDK client refused them. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host",
            "upgrade");

    /** A 2xx response whose body is still to be read; closing it releases the connection. */
    public record Response(int status, HttpHeaders headers, InputStream body) implements AutoCloseable {
        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException ignored) {
                // IdleTimeoutBody's close does not throw; the signature does.
            }
        }
    }

    private final ProviderConfig config;
    private final InstantSource clock;
    private final LongAdder calls = new LongAdder();
    private final LongAdder violations = new LongAdder();
    private final Map<String, UpstreamPool> pools = new ConcurrentHashMap<>();
    /** The pool of the last call: a provider's calls all go to its base_url's origin. */
    private volatile UpstreamPool last;
    private volatile boolean closed;

    public UpstreamHttp(ProviderConfig config) {
        this(config, InstantSource.system());
    }

    UpstreamHttp(ProviderConfig config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
    }

    public ProviderConfig config() {
        return config;
    }

    /** Refuses the call before it is made when the key's environment variable is not set. */
    public void checkKey() {
        if (config.apiKey().missing()) {
            throw UpstreamErrors.missingKey(config);
        }
    }

    /**
     * POSTs {@code json} and returns once a 2xx response's headers arrived; any other status, and any failure to
     * get one, is thrown as the engine error {@link UpstreamErrors} maps it to.
     *
     * @param auth    the wire format's credential headers (never logged)
     * @param stream  whether a server-sent event stream is expected
     */
    public Response post(URI uri, Map<String, String> auth, byte[] json, boolean stream, String model) {
        FullHttpRequest request = request(uri, auth, json, stream, model);
        calls.increment();
        UpstreamPool pool = pool(uri);
        Response r;
        try {
            r = await(pool.send(request, config.readTimeout(), false), model);
        } catch (StaleRetry stale) {
            // The pooled connection was found closed: once more on a new one, as a fresh call would go.
            r = await(pool.send(request(uri, auth, json, stream, model), config.readTimeout(), true), model);
        }
        if (r.status() / 100 == 2) {
            return r;
        }
        String body = readError(r.body());
        EngineException e = UpstreamErrors.forStatus(config, model, r.status(), r.headers(), body,
                clock.instant());
        if (e instanceof UpstreamRateLimitedException) {
            violations.increment();
        }
        throw e;
    }

    /** Thrown by {@link #await} when the pooled connection broke before any byte of its answer. */
    private static final class StaleRetry extends RuntimeException {
        StaleRetry() {
            super(null, null, false, false);
        }
    }

    /**
     * The request: the URI's path and query, {@code Host}, the framing headers, the config's headers, then the
     * wire format's credentials. A header that cannot be sent (a CR or LF in a value, a name the client frames
     * itself) fails the call as the JDK client did: named, never its value.
     */
    private FullHttpRequest request(URI uri, Map<String, String> auth, byte[] json, boolean stream, String model) {
        String path = uri.getRawPath();
        String target = (path == null || path.isEmpty() ? "/" : path)
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        DefaultFullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, target,
                Unpooled.wrappedBuffer(json));
        io.netty.handler.codec.http.HttpHeaders h = r.headers();
        int port = uri.getPort();
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        h.set(HttpHeaderNames.HOST, port < 0 || port == (tls ? 443 : 80) ? uri.getHost() : uri.getHost() + ":" + port);
        h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        h.set(HttpHeaderNames.ACCEPT, stream ? "text/event-stream" : "application/json");
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
        try {
            for (Map.Entry<String, String> e : config.headers().entrySet()) {
                h.set(checked(e.getKey(), e.getValue()), e.getValue());
            }
            for (Map.Entry<String, String> e : auth.entrySet()) {
                h.set(checked(e.getKey(), e.getValue()), e.getValue());
            }
        } catch (IllegalArgumentException e) {
            r.release();
            throw new UpstreamUnavailableException(model, "provider '" + config.name()
                    + "': a configured header cannot be sent: " + Echo.of(String.valueOf(e.getMessage())));
        }
        return r;
    }

    /** The name, if the header can be sent as it is; the JDK client's rules (RFC 9110 token, no CR/LF). */
    private static String checked(String name, String value) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("invalid header name: \"\"");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                throw new IllegalArgumentException("invalid header name: \"" + name + "\"");
            }
        }
        if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("restricted header name: \"" + name + "\"");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < ' ' && c != '\t' || c == 0x7f) {
                throw new IllegalArgumentException("invalid header value for \"" + name + "\"");
            }
        }
        return name;
    }

    private UpstreamPool pool(URI uri) {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? (tls ? 443 : 80) : uri.getPort();
        UpstreamPool p = last;
        if (p != null && p.serves(host, port, tls)) {
            return p;
        }
        p = pools.computeIfAbsent((tls ? "https://" : "http://") + host + ":" + port,
                k -> new UpstreamPool(host, port, tls, config.connectTimeout()));
        last = p;
        if (closed) {
            p.close();
        }
        return p;
    }

    /**
     * Waits for the response head; the exchange itself fails when none came within {@code read_timeout} of the
     * request going out. On an interrupt the exchange is abandoned: its connection is closed, never pooled half-used.
     */
    private Response await(UpstreamPool.Exchange ex, String model) {
        try {
            return ex.head.get();
        } catch (InterruptedException e) {
            ex.abandon();
            // The caller's time limit or shutdown expects the flag back.
            Thread.currentThread().interrupt();
            throw UpstreamErrors.interrupted(model);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UpstreamPool.StaleConnectionException) {
                throw new StaleRetry();
            }
            if (cause instanceof IOException io) {
                throw UpstreamErrors.forIo(config, model, io);
            }
            throw new UpstreamUnavailableException(model, "provider '" + config.name() + "': the call failed: "
                    + UpstreamErrors.scrub(Echo.of(String.valueOf(cause)), config.apiKey()));
        }
    }

    /** {@link #post} and the whole body parsed as JSON. */
    public JsonNode postForJson(URI uri, Map<String, String> auth, byte[] json, String model) {
        return readJson(post(uri, auth, json, false, model), model);
    }

    /** Reads a 2xx response's whole body as JSON (still under the read timeout) and closes it. */
    public JsonNode readJson(Response response, String model) {
        byte[] bytes;
        try (Response r = response) {
            bytes = r.body().readAllBytes();
        } catch (IOException e) {
            throw UpstreamErrors.forIo(config, model, e);
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UpstreamErrorException(model, response.status(), "the response is not JSON: "
                    + Echo.of(UpstreamErrors.scrub(new String(bytes, StandardCharsets.UTF_8), config.apiKey())));
        }
    }

    /** Whether a 2xx answered a stream request with a plain JSON body instead (a server that ignores stream). */
    public static boolean isJson(Response r) {
        String type = r.headers().firstValue("content-type").orElse("");
        return type.contains("json") && !type.contains("event-stream");
    }

    /** At most {@link #MAX_ERROR_BODY} bytes of an error body; what could be read if the connection broke. */
    private static String readError(InputStream in) {
        try (in) {
            byte[] b = in.readNBytes(MAX_ERROR_BODY);
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Keep the status's meaning; an interrupt is already flagged again by IdleTimeoutBody.
            return "";
        }
    }

    public long calls() {
        return calls.sum();
    }

    /** 429s this provider answered. */
    public long upstreamViolations() {
        return violations.sum();
    }

    /** Refuses new calls and closes idle connections; calls in flight finish. Does not wait for them. */
    @Override
    public void close() {
        closed = true;
        pools.values().forEach(UpstreamPool::close);
    }
}
