package dev.switchboard.engine.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.config.ProviderConfig;
import dev.switchboard.engine.error.EngineException;
import dev.switchboard.engine.error.Echo;
import dev.switchboard.engine.error.UpstreamErrorException;
import dev.switchboard.engine.error.UpstreamRateLimitedException;
import dev.switchboard.engine.error.UpstreamUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * One provider's HTTP client: the JDK's {@link HttpClient}, chosen because it adds no dependency, pools connections
 * (HTTP/2 negotiated by ALPN on https, HTTP/1.1 keep-alive on plain http, where an h2c upgrade would only confuse
 * vLLM or Ollama), and its blocking {@code send} parks a virtual thread instead of pinning a carrier. Requests run on
 * the caller's virtual thread; the client's own asynchronous steps run on virtual threads too.
 *
 * <p>Time limits: the provider's {@code connect_timeout} for the connection; its {@code read_timeout} as the longest
 * wait for the response headers and, through {@link IdleTimeoutBody}, as the longest silence while the body
 * arrives. An interrupt of the calling thread cancels the exchange at once.
 */
public final class UpstreamHttp implements AutoCloseable {
    /** Bytes of an error body read: the message is near the start, and a proxy's error page can be megabytes. */
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

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
    private final HttpClient client;
    private final InstantSource clock;
    private final LongAdder calls = new LongAdder();
    private final LongAdder violations = new LongAdder();

    public UpstreamHttp(ProviderConfig config) {
        this(config, InstantSource.system());
    }

    UpstreamHttp(ProviderConfig config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
        boolean tls = config.baseUrl().startsWith("https:");
        this.client = HttpClient.newBuilder()
                .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // The client holds no pooled threads of its own this way; it needs no shutdown either.
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
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
        HttpRequest request;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .header("content-type", "application/json")
                    .header("accept", stream ? "text/event-stream" : "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json));
            config.headers().forEach(b::setHeader);
            auth.forEach(b::setHeader);
            request = b.build();
        } catch (IllegalArgumentException e) {
            // A header the JDK client will not send (expect, upgrade, ...): named, never its value.
            throw new UpstreamUnavailableException(model, "provider '" + config.name()
                    + "': a configured header cannot be sent: " + Echo.of(String.valueOf(e.getMessage())));
        }
        calls.increment();
        HttpResponse<InputStream> r = await(client.sendAsync(request,
                info -> new IdleTimeoutBody(config.readTimeout())), model);
        if (r.statusCode() / 100 == 2) {
            return new Response(r.statusCode(), r.headers(), r.body());
        }
        String body = readError(r.body());
        EngineException e = UpstreamErrors.forStatus(config, model, r.statusCode(), r.headers(), body,
                clock.instant());
        if (e instanceof UpstreamRateLimitedException) {
            violations.increment();
        }
        throw e;
    }

    /**
     * Waits for the response headers, at most {@code read_timeout}. The wait is this client's own rather than
     * {@link HttpRequest#timeout}'s, whose reach differs between JDK releases (newer ones extend it over the body,
     * which would cut a long stream that never went silent); the body's silence is {@link IdleTimeoutBody}'s.
     */
    private HttpResponse<InputStream> await(CompletableFuture<HttpResponse<InputStream>> f, String model) {
        try {
            return f.get(config.readTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            abandon(f);
            // The caller's time limit or shutdown expects the flag back.
            Thread.currentThread().interrupt();
            throw UpstreamErrors.interrupted(model);
        } catch (TimeoutException e) {
            abandon(f);
            throw UpstreamErrors.forIo(config, model, new HttpTimeoutException("no response headers"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw UpstreamErrors.forIo(config, model, io);
            }
            throw new UpstreamUnavailableException(model, "provider '" + config.name() + "': the call failed: "
                    + UpstreamErrors.scrub(Echo.of(String.valueOf(cause)), config.apiKey()));
        }
    }

    /** Cancels the exchange; a response that made it anyway has its body closed, so its connection is freed. */
    private static void abandon(CompletableFuture<HttpResponse<InputStream>> f) {
        if (!f.cancel(true)) {
            f.thenAccept(r -> {
                try {
                    r.body().close();
                } catch (IOException ignored) {
                    // IdleTimeoutBody's close does not throw.
                }
            });
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

    /** Refuses new calls; calls in flight finish. Does not wait for them (HttpClient.close would). */
    @Override
    public void close() {
        client.shutdown();
    }
}
