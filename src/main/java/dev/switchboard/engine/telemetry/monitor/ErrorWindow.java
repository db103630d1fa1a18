package dev.switchboard.engine.telemetry.monitor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last N outcomes of one subject, as a ring of cause codes with a running count per cause, so recording and
 * reading the rate are O(1). The lock guards a few array writes, never I/O.
 */
final class ErrorWindow {
    private static final Cause[] CAUSES = Cause.values();

    private final byte[] ring;
    private final long[] counts = new long[CAUSES.length];
    private final ReentrantLock lock = new ReentrantLock();
    private int next;
    /** Written under the lock, read without it by the fast path of {@link #record}. */
    private volatile int size;
    private volatile int failures;
    private volatile double lastThreshold;

    ErrorWindow(int capacity) {
        ring = new byte[capacity];
    }

    int capacity() {
        return ring.length;
    }

    /** Records one outcome and returns the reading after it. */
    Finding record(Cause cause, String subject, double threshold, AlertSettings.ErrorRate s) {
        if (cause == null && failures == 0 && size == ring.length) {
            // A success into a full window of successes changes nothing but the ring's position, which does not
            // matter while every slot holds the same: no lock on the path nearly every request takes. A failure
            // recorded meanwhile stays in the window for one request more.
            lastThreshold = threshold;
            return read(subject, threshold, s, 0, size);
        }
        lock.lock();
        try {
            if (size == ring.length) {
                int old = ring[next];
                if (old != 0) {
                    counts[old - 1]--;
                    failures--;
                }
            } else {
                size++;
            }
            ring[next] = (byte) (cause == null ? 0 : cause.ordinal() + 1);
            if (cause != null) {
                counts[cause.ordinal()]++;
                failures++;
            }
            next = (next + 1) % ring.length;
            lastThreshold = threshold;
            return read(subject, threshold, s, failures, size);
        } finally {
            lock.unlock();
        }
    }

    /** The reading now, recording nothing (the timed sweep of open incidents). */
    Finding peek(String subject, AlertSettings.ErrorRate s) {
        lock.lock();
        try {
            return read(subject, lastThreshold, s, failures, size);
        } finally {
            lock.unlock();
        }
    }

    private Finding read(String subject, double threshold, AlertSettings.ErrorRate s, int failures, int size) {
        if (size < s.minRequests()) {
            return Finding.unjudged(Monitors.ERROR_RATE, subject);
        }
        double rate = (double) failures / size;
        Severity sev = rate >= threshold ? Severity.CRITICAL : rate >= threshold * s.warnAt() ? Severity.WARNING : null;
        // Clear at half the warning level; the causes are only built when something may be wrong.
        boolean clear = rate < threshold * s.warnAt() * 0.5;
        return new Finding(Monitors.ERROR_RATE, subject, sev, rate, threshold, "share",
                clear ? List.of() : topCauses(), true, clear);
    }

    private List<Incident.CauseCount> topCauses() {
        List<Incident.CauseCount> out = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                out.add(new Incident.CauseCount(CAUSES[i], counts[i]));
            }
        }
        out.sort(Comparator.comparingLong(Incident.CauseCount::count).reversed());
        return out.size() > 3 ? List.copyOf(out.subList(0, 3)) : out;
    }
}
