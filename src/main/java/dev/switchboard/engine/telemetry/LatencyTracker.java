package dev.switchboard.engine.telemetry;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An HdrHistogram {@link Recorder} for the hot path (wait-free for writers) folded into a cumulative histogram
 * when someone asks for a summary.
 */
public final class LatencyTracker {
    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private Histogram interval;

    public void record(long nanos) {
        recorder.recordValue(Math.max(1, nanos));
    }

    public synchronized LatencySummary summary() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        if (total.getTotalCount() == 0) {
            return LatencySummary.EMPTY;
        }
        return new LatencySummary(total.getTotalCount(), ms(total.getValueAtPercentile(50)),
                ms(total.getValueAtPercentile(95)), ms(total.getValueAtPercentile(99)), ms(total.getMaxValue()));
    }

    public synchronized void reset() {
        recorder.reset();
        total.reset();
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
