package dev.switchboard.engine.telemetry.trace;

import dev.switchboard.engine.telemetry.Steps;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The engine's tracer. {@link #request} opens a request's span and {@link #step} a child for one step; both run
 * their body with the span current, so what the body calls nests under it. Off, both just run the body. A step is
 * also timed into the request's {@link Steps} when the request log records it.
 */
public final class Tracing implements AutoCloseable {
    public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    public static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    public static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    public static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    public static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    public static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    public static final AttributeKey<Double> TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    public static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    public static final AttributeKey<String> SERVED_BY = AttributeKey.stringKey("switchboard.served_by");
    public static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("switchboard.namespace");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("switchboard.outcome");
    public static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("switchboard.request_id");
    public static final AttributeKey<String> CACHE_L1 = AttributeKey.stringKey("switchboard.cache.l1");
    public static final AttributeKey<Boolean> CACHE_HIT = AttributeKey.booleanKey("switchboard.cache.hit");

    private static final Tracing OFF = new Tracing(null, null, 0);

    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;
    /** The share of requests without a caller's trace that start one. */
    private final double sampling;

    private Tracing(OpenTelemetrySdk sdk, Tracer tracer, double sampling) {
        this.sdk = sdk;
        this.tracer = tracer;
        this.sampling = sampling;
    }

    public static Tracing off() {
        return OFF;
    }

    /** As the settings say: off, or OTLP/HTTP export in batches with the sampling ratio. */
    public static Tracing start(TraceSettings s) {
        if (!s.enabled()) {
            return OFF;
        }
        dev.switchboard.store.LogLines.routeTracingLogging();
        SpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(s.endpoint().strip())
                .setTimeout(Duration.ofSeconds(5)).build();
        return build(BatchSpanProcessor.builder(exporter).build(), s.sampling(), s.serviceName());
    }

    /** Every span to {@code exporter} as it ends, for tests (an in-memory exporter). */
    public static Tracing exportingTo(SpanExporter exporter, double sampling) {
        return build(SimpleSpanProcessor.create(exporter), sampling, "switchboard");
    }

    /*
     * The sampling decision is taken here, before any span is built (see sampled): a request left out of the
     * sample costs one random number instead of a span builder, its attributes and a context. The SDK's sampler
     * then only follows that decision and the caller's.
     */
    private static Tracing build(io.opentelemetry.sdk.trace.SpanProcessor processor, double sampling,
                                 String service) {
        SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(processor)
                .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), service))))
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
        return new Tracing(sdk, sdk.getTracer("dev.switchboard.engine"), sampling);
    }

    /**
     * Whether a span started under {@code parent} is recorded: as the parent's trace says when there is one (a
     * caller's sampled trace is always followed, an unsampled one never), else for the configured share of roots.
     */
    public boolean sampled(Context parent) {
        if (tracer == null) {
            return false;
        }
        SpanContext p = Span.fromContext(parent).getSpanContext();
        if (p.isValid()) {
            return p.isSampled();
        }
        return sampling >= 1 || (sampling > 0 && java.util.concurrent.ThreadLocalRandom.current().nextDouble()
                < sampling);
    }

    public boolean enabled() {
        return tracer != null;
    }

    /** Whether a step started now would be recorded: tracing is on and the current span is sampled. */
    public boolean recording() {
        return tracer != null && Span.current().isRecording();
    }

    /** W3C trace context, to take a caller's trace and hand ours back. */
    public static TextMapPropagator propagator() {
        return W3CTraceContextPropagator.getInstance();
    }

    /**
     * A span of the given kind, child of {@code parent}; null when off or when it would not be {@link #sampled}.
     * The caller ends it.
     */
    public Span start(String name, SpanKind kind, Context parent) {
        SpanBuilder b = builder(name, parent);
        return b == null ? null : b.setSpanKind(kind).startSpan();
    }

    /**
     * A builder for a span named {@code name} under {@code parent} (the caller starts and ends it), or null when
     * off or when the span would not be {@link #sampled}: nothing is built for a request left out.
     */
    public SpanBuilder builder(String name, Context parent) {
        return sampled(parent) ? tracer.spanBuilder(name).setParent(parent) : null;
    }

    /**
     * Runs {@code body} in a child span of the current one named {@code name}; a failure marks the span. Under a
     * span that is not recorded (a request the sampler left out) it just runs the body: its children would not be
     * recorded either, and an L1 hit should not pay for eight spans nobody sees.
     */
    public <T> T step(String name, Supplier<T> body) {
        // The request log's timeline is appended to here too, whether or not the span is recorded.
        Steps steps = Steps.current();
        if (steps == null) {
            return spanned(name, body);
        }
        long began = steps.now();
        String failure = null;
        try {
            return spanned(name, body);
        } catch (RuntimeException e) {
            failure = Steps.kind(e);
            throw e;
        } finally {
            steps.add(name, began, failure);
        }
    }

    private <T> T spanned(String name, Supplier<T> body) {
        if (!recording()) {
            return body.get();
        }
        Span span = tracer.spanBuilder(name).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return body.get();
        } catch (RuntimeException e) {
            failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * Whether a step started now is worth wrapping in {@link #step}: its span would be recorded, or the request's
     * steps are being recorded for the request log. A call site that skips the wrapper when neither holds saves
     * a lambda on the hot path.
     */
    public boolean stepping() {
        return recording() || Steps.current() != null;
    }

    /** As {@link #step}, for a body without a result. */
    public void run(String name, Runnable body) {
        step(name, () -> {
            body.run();
            return null;
        });
    }

    /** The span a step is in, to add attributes to; a no-op span when off. */
    public static Span current() {
        return Span.current();
    }

    public static void failed(Span span, RuntimeException e) {
        String kind = e instanceof dev.switchboard.engine.error.EngineException ee ? ee.kind()
                : e.getClass().getSimpleName();
        span.setStatus(StatusCode.ERROR, kind);
        span.setAttribute("error.type", kind);
    }

    /** Sends what is buffered and stops; spans started later are dropped. */
    @Override
    public void close() {
        if (sdk != null) {
            sdk.getSdkTracerProvider().shutdown().join(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
