package dev.switchboard.engine.telemetry.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
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
 * their body with the span current, so what the body calls nests under it. Off, both just run the body.
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

    private static final Tracing OFF = new Tracing(null, null);

    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;

    private Tracing(OpenTelemetrySdk sdk, Tracer tracer) {
        this.sdk = sdk;
        this.tracer = tracer;
    }

    public static Tracing off() {
        return OFF;
    }

    /** As the settings say: off, or OTLP/HTTP export in batches with the sampling ratio. */
    public static Tracing start(TraceSettings s) {
        if (!s.enabled()) {
            return OFF;
        }
        SpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(s.endpoint().strip())
                .setTimeout(Duration.ofSeconds(5)).build();
        return build(BatchSpanProcessor.builder(exporter).build(), Sampler.parentBased(
                Sampler.traceIdRatioBased(s.sampling())), s.serviceName());
    }

    /** Every span to {@code exporter} as it ends, for tests (an in-memory exporter). */
    public static Tracing exportingTo(SpanExporter exporter, double sampling) {
        return build(SimpleSpanProcessor.create(exporter), Sampler.parentBased(Sampler.traceIdRatioBased(sampling)),
                "switchboard");
    }

    private static Tracing build(io.opentelemetry.sdk.trace.SpanProcessor processor, Sampler sampler,
                                 String service) {
        SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(processor).setSampler(sampler)
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), service))))
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
        return new Tracing(sdk, sdk.getTracer("dev.switchboard.engine"));
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

    /** A span of the given kind, child of {@code parent}; null when off. The caller ends it. */
    public Span start(String name, SpanKind kind, Context parent) {
        if (tracer == null) {
            return null;
        }
        return tracer.spanBuilder(name).setSpanKind(kind).setParent(parent).startSpan();
    }

    /**
     * Runs {@code body} in a child span of the current one named {@code name}; a failure marks the span. Under a
     * span that is not recorded (a request the sampler left out) it just runs the body: its children would not be
     * recorded either, and an L1 hit should not pay for eight spans nobody sees.
     */
    public <T> T step(String name, Supplier<T> body) {
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
