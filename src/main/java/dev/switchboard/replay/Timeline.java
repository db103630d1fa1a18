package dev.switchboard.replay;

import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.workload.Workload;
import dev.switchboard.workload.WorkloadEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * One engine's run on the workload's clock: per bucket of {@code at_ms} (a second, wider for workloads longer than
 * {@link #MAX_POINTS} seconds) the requests sent, the hits, the cost and the answers' latency; and the latency of
 * every answer together. Filled from the request threads.
 */
final class Timeline implements ReplayRunner.Observer {
    /** A chart has no use for more points than this; a longer workload gets wider buckets. */
    static final int MAX_POINTS = 600;

    private final long firstAtMs;
    private final long bucketMs;
    private final Bucket[] buckets;
    private final ConcurrentHistogram all = new ConcurrentHistogram(3);
    private final WorkloadClock clock;
    /** Waits for the engine's queued writes to its slower tiers; null when it has none. */
    private final Runnable settle;
    private final java.util.concurrent.locks.ReentrantLock settling = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.locks.Condition settledMore = settling.newCondition();
    /** Seconds of the workload whose tier writes are made: requests of later seconds wait until theirs are. */
    private volatile long settledThrough;
    private boolean settlingNow;

    private static final class Bucket {
        final LongAdder requests = new LongAdder();
        final LongAdder hits = new LongAdder();
        final DoubleAdder cost = new DoubleAdder();
        final ConcurrentHistogram latency = new ConcurrentHistogram(2);
    }

    /**
     * @param clock  moved to each request's {@code at_ms} as it is sent; null for none
     * @param settle waits for the engine's queued writes to its slower tiers; null when there are none
     */
    Timeline(Workload w, WorkloadClock clock, Runnable settle) {
        this.clock = clock;
        this.settle = settle;
        long first = Long.MAX_VALUE;
        long last = 0;
        for (WorkloadEntry e : w.entries()) {
            first = Math.min(first, e.atMs());
            last = Math.max(last, e.atMs());
        }
        firstAtMs = w.entries().isEmpty() ? 0 : first;
        long span = w.entries().isEmpty() ? 0 : last - first;
        bucketMs = bucketWidth(span);
        buckets = new Bucket[(int) (span / bucketMs) + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new Bucket();
        }
    }

    /** A second, or as many whole seconds as keep a span to {@link #MAX_POINTS} buckets. */
    static long bucketWidth(long spanMs) {
        long seconds = Math.max(1, (spanMs / 1000 + MAX_POINTS) / MAX_POINTS);
        return seconds * 1000;
    }

    /**
     * Before the first request of each new second of the workload, the writes of the seconds before it are made
     * (new requests wait, those in flight go on). As fast as a replay sends, L3's writes would otherwise queue far
     * behind the requests, and a request missing L1 would find L3 emptier than the recorded traffic did.
     */
    @Override
    public void sending(WorkloadEntry e) {
        if (settle != null) {
            long second = (e.atMs() - firstAtMs) / 1000;
            if (second > settledThrough) {
                settleBefore(second);
            }
        }
        if (clock != null) {
            clock.reach(e.atMs());
        }
    }

    private void settleBefore(long second) {
        settling.lock();
        try {
            while (second > settledThrough) {
                if (settlingNow) {
                    settledMore.awaitUninterruptibly();
                    continue;
                }
                settlingNow = true;
                settling.unlock();
                try {
                    settle.run();
                } finally {
                    settling.lock();
                    settlingNow = false;
                    settledThrough = Math.max(settledThrough, second);
                    settledMore.signalAll();
                }
            }
        } finally {
            settling.unlock();
        }
    }

    @Override
    public void finished(WorkloadEntry e, ChatResult r, String failure) {
        Bucket b = buckets[(int) Math.min(buckets.length - 1, Math.max(0, (e.atMs() - firstAtMs) / bucketMs))];
        b.requests.increment();
        if (r == null) {
            return;
        }
        ServedBy by = r.servedBy();
        if (by == ServedBy.L1 || by == ServedBy.L2 || by == ServedBy.L3 || by == ServedBy.SEMANTIC) {
            b.hits.increment();
        }
        b.cost.add(r.costUsd());
        long micros = Math.max(1, r.latencyNanos() / 1_000);
        b.latency.recordValue(micros);
        all.recordValue(micros);
    }

    long bucketMs() {
        return bucketMs;
    }

    long firstAtMs() {
        return firstAtMs;
    }

    List<WhatIfResult.Figures> points() {
        List<WhatIfResult.Figures> out = new ArrayList<>(buckets.length);
        for (Bucket b : buckets) {
            out.add(new WhatIfResult.Figures(b.requests.sum(), b.hits.sum(), b.cost.sum(),
                    b.latency.getTotalCount() == 0 ? 0 : b.latency.getValueAtPercentile(95) / 1000.0));
        }
        return out;
    }

    /** The latency of every answer at {@code percentile}, in milliseconds; 0 with none. */
    double latencyMs(double percentile) {
        return all.getTotalCount() == 0 ? 0 : all.getValueAtPercentile(percentile) / 1000.0;
    }
}
