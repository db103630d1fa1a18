package dev.switchboard.engine.telemetry.monitor;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One subject's latencies over a sliding time window: a ring of (time, latency) of bounded size, so a busy
 * subject keeps its most recent samples. The P95 is computed when evaluated (once a second), not per request.
 */
final class LatencyWindow {
    static final int CAPACITY = 4096;

    private final long[] at = new long[CAPACITY];
    private final long[] nanos = new long[CAPACITY];
    /** Samples ever recorded; the next one goes to {@code count % CAPACITY}. */
    private final AtomicLong count = new AtomicLong();

    /*
     * Lock-free: every request of a subject records here, from as many threads as there are requests, and a lock
     * taken per request was a tenth of an L1 hit's CPU. A slot being written while evaluate reads it may pair one
     * request's time with another's latency; for a P95 over thousands of samples that is noise.
     */
    void record(long atMillis, long latencyNanos) {
        int i = (int) (count.getAndIncrement() & (CAPACITY - 1));
        at[i] = atMillis;
        nanos[i] = latencyNanos;
    }

    Finding evaluate(String subject, long nowMillis, AlertSettings.Latency s) {
        long from = nowMillis - s.window().toMillis();
        long[] in = new long[CAPACITY];
        int n = 0;
        int size = (int) Math.min(count.get(), CAPACITY);
        for (int i = 0; i < size; i++) {
            long t = at[i];
            if (t > from && t <= nowMillis) {
                in[n++] = nanos[i];
            }
        }
        if (n < s.minRequests()) {
            // An idle subject: nothing to judge, and an open incident about it resolves (nothing is slow now).
            return n == 0 ? Finding.cleared(Monitors.LATENCY, subject, seconds(s.target().toNanos()), "seconds")
                    : Finding.unjudged(Monitors.LATENCY, subject);
        }
        Arrays.sort(in, 0, n);
        long p95 = in[Math.min(n - 1, (int) Math.ceil(n * 0.95) - 1)];
        long target = s.target().toNanos();
        // Warning at 80% of the target, as for the error budget; clear under 70% of it.
        Severity sev = p95 > target ? Severity.CRITICAL : p95 > target * 0.8 ? Severity.WARNING : null;
        return new Finding(Monitors.LATENCY, subject, sev, seconds(p95), seconds(target), "seconds",
                java.util.List.of(), true, p95 < target * 0.7);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
