package dev.switchboard.engine.telemetry.metrics;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineSnapshot;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One engine's Prometheus metrics: request counters recorded as requests finish, and the engine's own counters and
 * states read from one snapshot per {@link #scrape()}. Its own registry (not the client's global one), so two
 * engines in one process (tests, what-if) never mix. {@link #close()} stops counting; a scrape after it is refused.
 */
public final class EngineMetrics implements AutoCloseable {
    /** The text exposition format's content type, version 0.0.4. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final Engine engine;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final RequestMetrics requests;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The snapshot the callbacks of the scrape under way read; set under the scrape's lock. */
    private EngineSnapshot current;
    private volatile LabelBounds bounds;

    private EngineMetrics(Engine engine) {
        this.engine = engine;
        this.requests = new RequestMetrics(registry, engine::config);
        new SnapshotMetrics(registry, () -> current, this::bounds);
    }

    /** Metrics over {@code engine}, counting its requests from now on. */
    public static EngineMetrics attach(Engine engine) {
        java.util.Objects.requireNonNull(engine, "engine");
        EngineMetrics m = new EngineMetrics(engine);
        engine.addRequestListener(m.requests);
        return m;
    }

    /**
     * Every metric in the Prometheus text format 0.0.4. One engine snapshot serves the whole scrape, so the values
     * agree with each other; concurrent scrapes take turns (no I/O happens under the lock: the text is built in
     * memory).
     *
     * @throws IllegalStateException once closed
     */
    public String scrape() {
        if (closed.get()) {
            throw new IllegalStateException("metrics closed: the engine they counted has stopped serving");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        synchronized (this) {
            current = engine.snapshot();
            try {
                writer.write(out, registry.scrape());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                current = null;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private LabelBounds bounds() {
        LabelBounds b = bounds;
        var cfg = engine.config();
        if (b == null || b.config != cfg) {
            b = new LabelBounds(cfg);
            bounds = b;
        }
        return b;
    }

    /**
     * Every sample name a scrape can show, series or not yet ({@code _total} for counters; {@code _bucket},
     * {@code _sum} and {@code _count} for histograms): what dashboards and alert rules may refer to.
     */
    public java.util.Set<String> sampleNames() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        synchronized (this) {
            current = engine.snapshot();
            try {
                for (var m : registry.scrape()) {
                    String n = m.getMetadata().getPrometheusName();
                    switch (m) {
                        case io.prometheus.metrics.model.snapshots.CounterSnapshot c -> names.add(n + "_total");
                        case io.prometheus.metrics.model.snapshots.HistogramSnapshot h -> {
                            names.add(n + "_bucket");
                            names.add(n + "_sum");
                            names.add(n + "_count");
                        }
                        default -> names.add(n);
                    }
                }
            } finally {
                current = null;
            }
        }
        return names;
    }

    /** The listener the engine tells (for the benchmark, which drives it directly). */
    dev.switchboard.engine.telemetry.RequestListener listener() {
        return requests;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Stops counting requests (the listener leaves the engine). Safe to call more than once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            engine.removeRequestListener(requests);
        }
    }
}
