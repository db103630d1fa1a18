package dev.switchboard.engine.telemetry.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A counter of whole units (requests, tokens, micro-dollars) with one {@link LongAdder} per label combination and
 * its {@link Labels} built once, not at every scrape as the client's counter does: with thousands of series that is
 * most of a scrape's collect time. {@code scale} turns the units into the exposed base unit (1e-6: micro-dollars to
 * dollars). Written by the client's text writer, as a {@link Collector} of the same registry.
 */
final class LongCounter implements Collector {
    private final String name;
    private final String help;
    private final double scale;
    private final String[] labelNames;
    private final Map<List<String>, Child> children = new ConcurrentHashMap<>();

    /** @param name without {@code _total}: the writer adds it */
    LongCounter(String name, String help, double scale, String... labelNames) {
        this.name = name;
        this.help = help;
        this.scale = scale;
        this.labelNames = labelNames.clone();
    }

    /** The series for these label values (bounded by the caller), made on first use. */
    Child child(String... values) {
        if (values.length != labelNames.length) {
            throw new IllegalArgumentException("labels: " + name + " takes " + labelNames.length + ", not "
                    + values.length);
        }
        return children.computeIfAbsent(List.of(values), k -> new Child(Labels.of(labelNames, values)));
    }

    static final class Child {
        private final LongAdder count = new LongAdder();
        private final Labels labels;

        private Child(Labels labels) {
            this.labels = labels;
        }

        void inc() {
            count.increment();
        }

        void add(long n) {
            count.add(n);
        }
    }

    @Override
    public MetricSnapshot collect() {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
        for (Child c : children.values()) {
            b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(c.count.sum() * scale)
                    .labels(c.labels).build());
        }
        return b.build();
    }

    @Override
    public String getPrometheusName() {
        return name;
    }
}
