package dev.switchboard.replay;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wall time for a sandboxed engine that follows the workload rather than the machine: it reads as the start plus
 * the {@code at_ms} of the latest request sent, so TTLs and days pass as they did for the recorded traffic however
 * fast it is replayed. It never goes back.
 */
final class WorkloadClock implements InstantSource {
    private final long startMillis;
    private final long firstAtMs;
    private final AtomicLong offset = new AtomicLong();

    WorkloadClock(long startMillis, long firstAtMs) {
        this.startMillis = startMillis;
        this.firstAtMs = firstAtMs;
    }

    /** Moves to {@code atMs} of the workload, unless a later request has moved it further already. */
    void reach(long atMs) {
        long target = Math.max(0, atMs - firstAtMs);
        offset.accumulateAndGet(target, Math::max);
    }

    @Override
    public long millis() {
        return startMillis + offset.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
