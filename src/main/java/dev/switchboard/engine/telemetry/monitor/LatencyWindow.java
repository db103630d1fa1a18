package dev.switchboard.engine.telemetry.monitor;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One subject's latencies over a sliding time window: a ring of (time, latency) of bounded size, so a busy
 * subject keeps its most recent samples. The P95 is computed when evaluated (once a second), not per request.
 */
final class LatencyWindow {
    static final int CAPACITY = 4096;

    private final long[] at = new long[CAPACITY];
    private final long[] nanos = new long[CAPACITY];
    private final ReentrantLock lock = new ReentrantLock();
    private int next;
    private int size;

    void record(long atMillis, long latencyNanos) {
        lock.lock();
        try {
            at[next] = atMillis;
            nanos[next] = latencyNanos;
            next = (next + 1) % CAPACITY;
            size = Math.min(size + 1, CAPACITY);
        } finally {
            lock.unlock();
        }
    }

    Finding evaluate(String subject, long nowMillis, AlertSettings.Latency s) {
        long from = nowMillis - s.window().toMillis();
        long[] in = new long[CAPACITY];
        int n = 0;
        lock.lock();
        try {
            for (int i = 0; i < size; i++) {
                if (at[i] > from && at[i] <= nowMillis) {
                    in[n++] = nanos[i];
                }
            }
        } finally {
            lock.unlock();
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
