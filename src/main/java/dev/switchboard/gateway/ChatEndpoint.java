package dev.switchboard.gateway;

import dev.switchboard.engine.telemetry.trace.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.cost.BudgetCheck;
import dev.switchboard.engine.cost.BudgetLevel;
import dev.switchboard.engine.cost.Micros;
import dev.switchboard.engine.error.BudgetExceededException;
import dev.switchboard.engine.request.CacheKey;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.request.StreamDelta;
import dev.switchboard.engine.request.StreamObserver;
import dev.switchboard.gateway.http.ClientGoneException;
import dev.switchboard.gateway.http.EventStream;
import dev.switchboard.gateway.http.Exchange;
import dev.switchboard.gateway.keys.GatewayKey;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /v1/chat/completions} and {@code POST /v1/messages}: the caller's body in its format, the engine's
 * answer back in it, whole or streamed. The switchboard headers steer the request ({@code x-switchboard-namespace},
 * {@code x-switchboard-cache}, {@code x-switchboard-latency}) and describe the answer ({@code x-switchboard-served-by},
 * {@code -cache-key}, {@code -cost-usd}, and for a request that named a route its decision: {@link RouteHeaders};
 * a stream sends the cost and the decision as trailers, known only at its end). A route's name passes through as
 * the model; the answer's {@code model} is the model that answered, as OpenAI and Anthropic report it.
 */
final class ChatEndpoint {
    static final String NAMESPACE = "x-switchboard-namespace";
    static final String CACHE = "x-switchboard-cache";
    static final String SERVED_BY = "x-switchboard-served-by";
    static final String CACHE_KEY = "x-switchboard-cache-key";
    static final String COST = "x-switchboard-cost-usd";

    private final Engine engine;
    /** Streams whose caller went away before the end: each stopped its upstream call. */
    private final java.util.concurrent.atomic.LongAdder abandoned = new java.util.concurrent.atomic.LongAdder();

    ChatEndpoint(Engine engine) {
        this.engine = engine;
    }

    long abandonedStreams() {
        return abandoned.sum();
    }

    /**
     * With tracing on, the request is a server span: a child of the caller's W3C {@code traceparent} when it sent
     * one, handed back in the answer's {@code traceparent}, and the engine's spans nest under it.
     */
    void handle(Exchange ex, WireFormat format, Callers.Caller caller) {
        Tracing tracing = engine.tracing();
        if (!tracing.enabled()) {
            serve(ex, format, caller);
            return;
        }
        Context parent = Tracing.propagator().extract(Context.root(), ex, TRACE_HEADERS);
        Span span = tracing.start("POST " + ex.path(), SpanKind.SERVER, parent);
        if (span == null) {
            // Left out of the sample; a caller's unsampled trace stays current so the engine leaves it out too.
            try (Scope ignored = parent.makeCurrent()) {
                serve(ex, format, caller);
            }
            return;
        }
        span.setAttribute("http.request.method", "POST");
        span.setAttribute("url.path", ex.path());
        try (Scope ignored = span.makeCurrent()) {
            Tracing.propagator().inject(Context.current(), ex, (carrier, key, value) -> carrier.header(key, value));
            serve(ex, format, caller);
        } catch (RuntimeException e) {
            Tracing.failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** The caller's trace context headers, read from the request. */
    private static final TextMapGetter<Exchange> TRACE_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Exchange carrier) {
            return java.util.List.of("traceparent", "tracestate");
        }

        @Override
        public String get(Exchange carrier, String key) {
            return carrier == null ? null : carrier.header(key);
        }
    };

    private void serve(Exchange ex, WireFormat format, Callers.Caller caller) {
        JsonNode body = body(ex);
        ChatRequest.Builder b = format.toRequest(body);
        b.user(caller.user()).plan(caller.plan());
        String ns = ex.header(NAMESPACE);
        if (ns != null) {
            b.namespace(ns.strip());
        }
        cacheHeader(ex.header(CACHE), b);
        RouteHeaders.latency(ex, b);
        b.requestId(ex.responseHeader(Router.REQUEST_ID));
        ChatRequest request = b.build();
        // A route is a name of its own in a key's list: a key listing only the models a route calls may not call
        // the route (it would pick among them for the key), nor does a key listing the route need its models.
        if (!caller.mayUse(request.model())) {
            boolean route = engine.config().routing().route(request.model()) != null;
            throw new Refusal(Failure.Kind.FORBIDDEN, "this key may not use " + (route ? "route" : "model") + " '"
                    + request.model() + "'; it may use: " + String.join(", ", caller.key().models())
                    + (route ? " (a route must be in the key's list itself)" : ""), "model", null);
        }
        checkKeyBudget(caller.key());
        String id = format.newId();
        long created = System.currentTimeMillis() / 1000;
        if (format.wantsStream(body)) {
            stream(ex, format, format.frames(body, request, id, created), request);
        } else {
            ChatResult r = engine.submit(request);
            describe(ex, r.servedBy(), r.cacheKey());
            ex.header(COST, usd(r.costUsd()));
            RouteHeaders.of(request.model(), r.routed()).forEach(ex::header);
            ex.reply(200, Router.JSON, out -> Router.WRITER.writeValue(out, format.response(r, id, created)));
        }
    }

    /**
     * Streams the answer. The status and headers go out with the first delta, so a request refused before it
     * (rate limit, budget, unknown model) still gets its own status and error body; a failure after it is an error
     * event in the stream, never a finish that looks complete.
     */
    private void stream(Exchange ex, WireFormat format, WireFormat.Frames frames, ChatRequest request) {
        // A route's decision is known only once the answer is: its headers come as trailers, as the cost does.
        String trailer = engine.config().routing().route(request.model()) == null ? COST
                : COST + ", " + String.join(", ", RouteHeaders.ALL);
        Observer out = new Observer(ex, frames, trailer);
        ChatResult r;
        try {
            r = engine.submitStream(request, out);
        } catch (ClientGoneException gone) {
            abandoned.increment();
            return;
        } catch (RuntimeException e) {
            if (out.stream == null) {
                throw e;
            }
            Failure f = Failure.of(e, engine.isClosed());
            if (f == null) {
                Router.logUnexpected(ex, e);
                f = new Failure(Failure.Kind.INTERNAL, "internal error: the stream broke in the gateway", null, null);
            }
            if (!out.stream.clientGone()) {
                out.send(frames.error(f));
            }
            out.stream.end();
            return;
        }
        out.ensureStarted(r.servedBy(), r.cacheKey());
        out.send(frames.finish(r));
        Map<String, String> trailers = new java.util.LinkedHashMap<>();
        trailers.put(COST, usd(r.costUsd()));
        trailers.putAll(RouteHeaders.of(request.model(), r.routed()));
        out.stream.end(trailers);
    }

    /** Writes each delta as it comes; the caller going away makes it throw, which stops the upstream. */
    private final class Observer implements StreamObserver {
        private final Exchange ex;
        private final WireFormat.Frames frames;
        private final String trailer;
        EventStream stream;

        Observer(Exchange ex, WireFormat.Frames frames, String trailer) {
            this.ex = ex;
            this.frames = frames;
            this.trailer = trailer;
        }

        @Override
        public void onStart(ServedBy servedBy, CacheKey key) {
            ensureStarted(servedBy, key);
        }

        @Override
        public void onDelta(StreamDelta delta) {
            ensureStarted(null, null);
            send(frames.delta(delta));
        }

        void ensureStarted(ServedBy servedBy, CacheKey key) {
            if (stream != null) {
                return;
            }
            describe(ex, servedBy, key);
            ex.header("trailer", trailer);
            stream = ex.openStream(200);
            send(frames.start());
        }

        void send(String frame) {
            if (frame != null && !frame.isEmpty()) {
                stream.send(frame);
            }
        }
    }

    private static void describe(Exchange ex, ServedBy servedBy, CacheKey key) {
        if (servedBy != null) {
            ex.header(SERVED_BY, servedBy.name());
        }
        if (key != null) {
            ex.header(CACHE_KEY, key.value());
        }
    }

    static JsonNode body(Exchange ex) {
        if (ex.bodyLength() == 0) {
            throw new Refusal(Failure.Kind.INVALID_REQUEST, "the request body is empty; expected a JSON object");
        }
        JsonNode body;
        try {
            body = Router.MAPPER.readTree(ex.body());
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new Refusal(Failure.Kind.INVALID_REQUEST, "the request body is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Refusal(Failure.Kind.INVALID_REQUEST, "the request body cannot be read: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw new Refusal(Failure.Kind.INVALID_REQUEST, "the request body must be a JSON object");
        }
        return body;
    }

    /** {@code bypass}: read no tier (the answer is still stored); {@code no-store}: store the answer in none. */
    private static void cacheHeader(String value, ChatRequest.Builder b) {
        if (value == null) {
            return;
        }
        for (String part : value.split(",")) {
            switch (part.strip().toLowerCase(Locale.ROOT)) {
                case "bypass" -> b.bypassCache(true);
                case "no-store" -> b.noStore(true);
                case "" -> { }
                default -> throw new Refusal(Failure.Kind.INVALID_REQUEST, CACHE + ": must be bypass, no-store or "
                        + "both (comma-separated), got '" + dev.switchboard.engine.error.Echo.of(value) + "'",
                        CACHE, null);
            }
        }
    }

    /** A key's own monthly budget, against its owner's spend this month (read from memory, no SQL). */
    private void checkKeyBudget(GatewayKey key) {
        if (key == null || key.budgetMicros() == null) {
            return;
        }
        BudgetCheck check = engine.ledger().budgets().monthAgainst(key.owner(), key.budgetMicros(),
                "monthly budget of key " + key.prefix() + " (owner " + key.owner() + ")");
        if (check.level() == BudgetLevel.HARD) {
            throw new BudgetExceededException(check.budget(), check.describe(), 100, check.resetsIn());
        }
    }

    /** Dollars with the micro-dollar exact: {@code 0.000123}. */
    static String usd(double usd) {
        return Micros.toUsd(Micros.fromUsd(usd)).toPlainString();
    }
}
