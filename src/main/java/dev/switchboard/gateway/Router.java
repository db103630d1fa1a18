package dev.switchboard.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.telemetry.metrics.EngineMetrics;
import dev.switchboard.gateway.http.ClientGoneException;
import dev.switchboard.gateway.http.Exchange;
import dev.switchboard.gateway.http.HttpServer;
import dev.switchboard.gateway.wire.WireJson;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes each request (on its virtual thread) to its endpoint, and answers every failure in the caller's format:
 * JSON always, never HTML, never a stack trace. Stamps every answer with the request id
 * ({@code x-switchboard-request-id}, and {@code x-request-id}: the caller's own when it sent a usable one).
 */
final class Router implements HttpServer.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    static final String JSON = "application/json";
    /** One mapper and writer for every request: both are thread-safe, and building them is the costly part. */
    static final ObjectMapper MAPPER = WireJson.MAPPER;
    static final ObjectWriter WRITER = MAPPER.writer();
    static final String REQUEST_ID = "x-switchboard-request-id";

    private final Engine engine;
    private final Callers callers;
    private final ChatEndpoint chat;
    private final Probes probes;
    private final UsageEndpoint usage;
    private final RouteSuggestEndpoint suggest;
    private final BooleanSupplier draining;
    private final EngineMetrics metrics;

    Router(Engine engine, Callers callers, BooleanSupplier draining, EngineMetrics metrics) {
        this.engine = engine;
        this.callers = callers;
        this.chat = new ChatEndpoint(engine);
        this.probes = new Probes(engine);
        this.usage = new UsageEndpoint(engine);
        this.suggest = new RouteSuggestEndpoint(engine);
        this.draining = draining;
        this.metrics = metrics;
    }

    /** Streams whose caller went away before their end. */
    long abandonedStreams() {
        return chat.abandonedStreams();
    }

    @Override
    public void handle(Exchange ex) {
        String path = ex.path();
        WireFormat format = WireFormat.of(path, ex.header("anthropic-version"));
        String id = Ids.request(ex.header("x-request-id"));
        ex.header(REQUEST_ID, id).header("x-request-id", id);
        try {
            route(ex, path, format);
        } catch (ClientGoneException gone) {
            // Nobody to answer.
        } catch (RuntimeException e) {
            if (ex.answered()) {
                logUnexpected(ex, e);
                return;
            }
            Failure f = Failure.of(e, engine.isClosed());
            if (f == null) {
                logUnexpected(ex, e);
                f = new Failure(Failure.Kind.INTERNAL, "internal error in the gateway; the operator's log has the "
                        + "details under request id " + id, null, null);
            }
            fail(ex, format, f);
        }
    }

    private void route(Exchange ex, String path, WireFormat format) {
        if (ex.malformed()) {
            ex.header("connection", "close");
            throw new Refusal(Failure.Kind.INVALID_REQUEST, "the request is not valid HTTP/1.1");
        }
        if (ex.bodyTooLarge()) {
            throw new Refusal(Failure.Kind.TOO_LARGE, "the request body is larger than this gateway takes ("
                    + ex.bodyLimit() + " bytes, gateway.max_body)");
        }
        String method = ex.method();
        switch (path) {
            case "/health" -> {
                allow(ex, "GET");
                json(ex, 200, Probes.health());
            }
            case "/ready" -> {
                allow(ex, "GET");
                ObjectNode r = probes.ready(draining.getAsBoolean());
                json(ex, r.get("status").asText().equals("ready") ? 200 : 503, r);
            }
            case "/metrics" -> {
                allow(ex, "GET");
                // With keys required (a non-loopback address, or gateway.require_keys) a scraper shows a key too:
                // spend and model names are not for anyone who can reach the port.
                callers.identify(ex);
                byte[] text = metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ex.reply(200, EngineMetrics.CONTENT_TYPE, out -> out.write(text));
            }
            case "/v1/models" -> {
                allow(ex, "GET");
                Callers.Caller caller = callers.identify(ex);
                // The models, then the routes a request may name instead (each marked with its kind).
                var cfg = engine.config();
                List<String> names = new java.util.ArrayList<>(cfg.models().keySet().stream()
                        .filter(caller::mayUse).toList());
                java.util.Map<String, String> kinds = new java.util.LinkedHashMap<>();
                cfg.routing().routes().forEach((name, r) -> {
                    if (caller.mayUse(name)) { // the config refuses a route named as a model
                        names.add(name);
                        kinds.put(name, r.kind());
                    }
                });
                json(ex, 200, format.models(names, kinds, System.currentTimeMillis() / 1000));
            }
            case "/v1/usage" -> {
                allow(ex, "GET");
                json(ex, 200, usage.usage(callers.identify(ex)));
            }
            case "/v1/route-suggest" -> {
                allow(ex, "GET", "POST");
                json(ex, 200, suggest.suggest(ex, callers.identify(ex)));
            }
            case "/v1/chat/completions" -> {
                allow(ex, "POST");
                chat.handle(ex, WireFormat.OPENAI, callers.identify(ex));
            }
            case "/v1/messages" -> {
                allow(ex, "POST");
                chat.handle(ex, WireFormat.ANTHROPIC, callers.identify(ex));
            }
            default -> throw new Refusal(Failure.Kind.NOT_FOUND, "no such endpoint: " + method + " "
                    + dev.switchboard.engine.error.Echo.of(path) + "; this gateway serves POST /v1/chat/completions, "
                    + "POST /v1/messages, GET /v1/models, GET /v1/usage, GET or POST /v1/route-suggest, GET /health, "
                    + "GET /ready and GET /metrics");
        }
    }

    /** A path answers one method (or a few); any other is a 405 that names them, in an {@code Allow} header too. */
    private static void allow(Exchange ex, String... allowed) {
        if (!List.of(allowed).contains(ex.method())) {
            String list = String.join(", ", allowed);
            ex.header("allow", list);
            throw new Refusal(Failure.Kind.METHOD_NOT_ALLOWED, ex.method() + " " + ex.path() + " is not served; use "
                    + String.join(" or ", allowed));
        }
    }

    private static void fail(Exchange ex, WireFormat format, Failure f) {
        String retry = f.retryAfterSeconds();
        if (retry != null) {
            ex.header("retry-after", retry).header("retry-after-ms", Long.toString(Math.max(0,
                    f.retryAfter().toMillis())));
        }
        json(ex, f.status(format), format.error(f));
    }

    static void json(Exchange ex, int status, ObjectNode body) {
        ex.reply(status, JSON, out -> WRITER.writeValue(out, body));
    }

    static void logUnexpected(Exchange ex, Throwable t) {
        // Method, path and request id only: never headers (a key) or the body (a prompt).
        LOG.error("gateway: {} {} (request {}) failed unexpectedly", ex.method(), ex.path(),
                ex.responseHeader(REQUEST_ID), t);
    }
}
