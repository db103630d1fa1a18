package dev.switchboard.engine.telemetry;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An HdrHistogram {@link Recorder} for the hot path (wait-free for writers), folded when someone asks for a summary
 * into a cumulative histogram and, when built with a window, into a ring of time slots: {@link #recent} summarizes
 * the slots of the last window only, so a slow minute an hour ago no longer shows.
 */
public final class LatencyTracker {
    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private Histogram interval;
    /** Slot i holds what was drained during slot number {@code slotIds[i]} (time / slotMillis); null without a window. */
    private final Histogram[] slots;
    private final long[] slotIds;
    private final long slotMillis;
    private final Histogram recent = new Histogram(3);
    /** The time of the last {@link #recent} call: where a {@link #summary()} between them puts what it drains. */
    private long lastNow = Long.MIN_VALUE;

    /** Since start only. */
    public LatencyTracker() {
        this(0, 0);
    }

    /**
     * Since start, and over the last {@code windowMillis} in {@code slots} steps (a summary's window is between
     * {@code windowMillis - windowMillis / slots} and {@code windowMillis} long, as a slot fills).
     */
    public LatencyTracker(long windowMillis, int slots) {
        this.slots = slots <= 0 ? null : new Histogram[slots];
        this.slotIds = new long[Math.max(0, slots)];
        this.slotMillis = slots <= 0 ? 0 : Math.max(1, windowMillis / slots);
        for (int i = 0; i < Math.max(0, slots); i++) {
            this.slots[i] = new Histogram(3);
            this.slotIds[i] = Long.MIN_VALUE;
        }
    }

    public void record(long nanos) {
        recorder.recordValue(Math.max(1, nanos));
    }

    /** Since start. */
    public synchronized LatencySummary summary() {
        drain(lastNow);
        return summarize(total);
    }

    /**
     * Over the last window, ending at {@code nowMillis}; what was recorded since the last call is counted in the
     * slot of {@code nowMillis}. Without a window, the same as {@link #summary()}.
     */
    public synchronized LatencySummary recent(long nowMillis) {
        if (slots == null) {
            return summary();
        }
        lastNow = Math.max(lastNow, nowMillis);
        drain(nowMillis);
        long current = Math.floorDiv(nowMillis, slotMillis);
        recent.reset();
        for (int i = 0; i < slots.length; i++) {
            if (slotIds[i] > current - slots.length && slotIds[i] <= current) {
                recent.add(slots[i]);
            }
        }
        return summarize(recent);
    }

    /** Moves what the recorder holds into the total and, with a window and a time, into that time's slot. */
    private void drain(long nowMillis) {
        interval = recorder.getIntervalHistogram(interval);
        if (interval.getTotalCount() == 0) {
            return;
        }
        total.add(interval);
        if (slots != null && nowMillis != Long.MIN_VALUE) {
            long id = Math.floorDiv(nowMillis, slotMillis);
            int i = (int) Math.floorMod(id, (long) slots.length);
            if (slotIds[i] != id) {
                slots[i].reset();
                slotIds[i] = id;
            }
            slots[i].add(interval);
        }
    }

    public synchronized void reset() {
        recorder.reset();
        total.reset();
        if (slots != null) {
            for (int i = 0; i < slots.length; i++) {
                slots[i].reset();
                slotIds[i] = Long.MIN_VALUE;
            }
        }
        lastNow = Long.MIN_VALUE;
    }

    private static LatencySummary summarize(Histogram h) {
        if (h.getTotalCount() == 0) {
            return LatencySummary.EMPTY;
        }
        return new LatencySummary(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(95)),
                ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()));
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
