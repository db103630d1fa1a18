package dev.switchboard.engine.telemetry;

import dev.switchboard.engine.request.ServedBy;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's counters: lock-free on the request path (LongAdder, HdrHistogram recorders, a per-second ring),
 * read into immutable summaries by {@link dev.switchboard.engine.Engine#snapshot()}.
 */
public final class Telemetry {
    private static final int WINDOW_SECONDS = 61;
    /** The dashboard's latency window: the last minute, in 5-second steps. */
    private static final long WINDOW_MILLIS = 60_000;

    private final InstantSource clock;
    private final LongAdder requests = new LongAdder();
    private final EnumMap<ServedBy, LongAdder> served = new EnumMap<>(ServedBy.class);
    private final EnumMap<ServedBy, LatencyTracker> latency = new EnumMap<>(ServedBy.class);
    private final ConcurrentHashMap<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final DoubleAdder cost = new DoubleAdder();
    private final DoubleAdder costSaved = new DoubleAdder();
    private final RollingCounter perSecond = new RollingCounter(WINDOW_SECONDS);
    private final RollingCounter hitsPerSecond = new RollingCounter(WINDOW_SECONDS);

    public Telemetry(InstantSource clock) {
        this.clock = clock;
        for (ServedBy s : ServedBy.values()) {
            served.put(s, new LongAdder());
            latency.put(s, new LatencyTracker(WINDOW_MILLIS, 12));
        }
    }

    public void answered(ServedBy by, long latencyNanos, double costUsd, double savedUsd) {
        long now = clock.millis();
        requests.increment();
        perSecond.add(now, 1);
        served.get(by).increment();
        latency.get(by).record(latencyNanos);
        if (by.isCacheHit()) {
            hitsPerSecond.add(now, 1);
        }
        if (by.savedACall()) {
            costSaved.add(savedUsd);
        } else {
            cost.add(costUsd);
        }
    }

    /** A provider call that did not answer but may be billed: its cost is spend like any other. */
    public void failedCall(double costUsd) {
        cost.add(costUsd);
    }

    public void failed(String kind) {
        requests.increment();
        perSecond.add(clock.millis(), 1);
        failures.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    public TelemetrySnapshot snapshot() {
        long now = clock.millis();
        Map<ServedBy, Long> byServed = new EnumMap<>(ServedBy.class);
        Map<ServedBy, LatencySummary> lat = new EnumMap<>(ServedBy.class);
        Map<ServedBy, LatencySummary> recent = new EnumMap<>(ServedBy.class);
        for (ServedBy s : ServedBy.values()) {
            byServed.put(s, served.get(s).sum());
            recent.put(s, latency.get(s).recent(now));
            lat.put(s, latency.get(s).summary());
        }
        Map<String, Long> failed = new TreeMap<>();
        failures.forEach((k, v) -> failed.put(k, v.sum()));
        long lastMinute = perSecond.sumCompleted(now, 60);
        long hitsLastMinute = hitsPerSecond.sumCompleted(now, 60);
        return new TelemetrySnapshot(requests.sum(), Map.copyOf(byServed), Map.copyOf(lat), Map.copyOf(failed),
                cost.sum(), costSaved.sum(), perSecond.sumCompleted(now, 1),
                java.util.Arrays.stream(perSecond.history(now, 60)).boxed().toList(),
                lastMinute == 0 ? 0 : (double) hitsLastMinute / lastMinute, Map.copyOf(recent));
    }
}
