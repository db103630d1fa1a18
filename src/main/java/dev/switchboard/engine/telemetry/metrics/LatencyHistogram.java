package dev.switchboard.engine.telemetry.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code switchboard_request_duration_seconds}: a classic histogram kept in whole nanoseconds, one {@link LongAdder}
 * per bucket and one for the sum, the count being the buckets' total. An observation is a search over 17 longs and
 * two adds, about half of what the client's own histogram pays (its scrape-consistency buffer and double sum), on
 * a path every request takes. The client still writes it: this is a {@link Collector} of the same registry.
 */
final class LatencyHistogram implements Collector {
    static final String NAME = "switchboard_request_duration_seconds";
    /** 100 µs to 30 s: an L1 hit sits in the first buckets, a slow provider call in the last. */
    static final double[] BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
            0.5, 1, 2.5, 5, 10, 30, Double.POSITIVE_INFINITY};
    private static final long[] BOUNDS_NANOS = new long[BOUNDS.length - 1];

    static {
        for (int i = 0; i < BOUNDS_NANOS.length; i++) {
            BOUNDS_NANOS[i] = Math.round(BOUNDS[i] * 1e9);
        }
    }

    private final Map<List<String>, Child> children = new ConcurrentHashMap<>();

    /** The series for {@code servedBy} and {@code model} (bounded by the caller), made on first use. */
    Child child(String servedBy, String model) {
        return children.computeIfAbsent(List.of(servedBy, model), k -> new Child());
    }

    /** One series: counts per bucket (not cumulative) and the sum in nanoseconds. */
    static final class Child {
        private final LongAdder[] counts = new LongAdder[BOUNDS.length];
        private final LongAdder sumNanos = new LongAdder();

        private Child() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(long nanos) {
            long v = Math.max(0, nanos);
            int lo = 0;
            int hi = BOUNDS_NANOS.length;
            // The first bound >= v (le is inclusive); past the last finite bound, +Inf.
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (BOUNDS_NANOS[mid] < v) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            counts[lo].increment();
            sumNanos.add(v);
        }
    }

    @Override
    public MetricSnapshot collect() {
        HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(NAME)
                .help("Time from the request's arrival to its answer or failure, by served-by and model");
        children.forEach((labels, c) -> {
            long[] counts = new long[BOUNDS.length];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = c.counts[i].sum();
            }
            b.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS, counts))
                    .sum(c.sumNanos.sum() / 1e9)
                    .labels(Labels.of("served_by", labels.get(0), "model", labels.get(1))).build());
        });
        return b.build();
    }

    @Override
    public String getPrometheusName() {
        return NAME;
    }
}
