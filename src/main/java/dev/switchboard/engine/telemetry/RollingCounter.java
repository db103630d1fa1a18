package dev.switchboard.engine.telemetry;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts per second over the last {@code slots} seconds in a ring, lock-free: one slot per second, reset by
 * the first writer of a new second. A write racing that reset can be lost, which a rate display tolerates.
 */
public final class RollingCounter {
    private final int slots;
    private final AtomicLongArray counts;
    private final AtomicLongArray seconds;

    public RollingCounter(int slots) {
        this.slots = slots;
        this.counts = new AtomicLongArray(slots);
        this.seconds = new AtomicLongArray(slots);
        for (int i = 0; i < slots; i++) {
            seconds.set(i, Long.MIN_VALUE);
        }
    }

    public void add(long nowMillis, long n) {
        long sec = Math.floorDiv(nowMillis, 1000L);
        int i = (int) Math.floorMod(sec, (long) slots);
        long stamp = seconds.get(i);
        if (stamp != sec && seconds.compareAndSet(i, stamp, sec)) {
            counts.set(i, 0);
        }
        counts.addAndGet(i, n);
    }

    /** The total over the last {@code lastSeconds} whole seconds, not counting the current, partial one. */
    public long sumCompleted(long nowMillis, int lastSeconds) {
        long sec = Math.floorDiv(nowMillis, 1000L);
        long total = 0;
        for (int k = 1; k <= Math.min(lastSeconds, slots - 1); k++) {
            total += at(sec - k);
        }
        return total;
    }

    /** Counts for each of the last {@code n} completed seconds, oldest first. */
    public long[] history(long nowMillis, int n) {
        long sec = Math.floorDiv(nowMillis, 1000L);
        int len = Math.min(n, slots - 1);
        long[] out = new long[len];
        for (int k = 0; k < len; k++) {
            out[k] = at(sec - len + k);
        }
        return out;
    }

    private long at(long sec) {
        int i = (int) Math.floorMod(sec, (long) slots);
        return seconds.get(i) == sec ? counts.get(i) : 0;
    }
}
