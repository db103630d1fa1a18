package dev.switchboard.engine.limit;

import java.time.Duration;
import java.util.List;

/**
 * The right to make one provider call, taken from every upstream bucket the call passes (see
 * {@link Limits#acquire}). The caller reports how it went: {@link #succeeded}, {@link #rateLimited} by the upstream,
 * or {@link #unused} when it did not call after all (an open breaker), which gives the slots back.
 */
public final class UpstreamPermit {
    /** For calls no bucket governs. */
    static final UpstreamPermit NONE = new UpstreamPermit(null, List.of(), List.of(), 0);

    /** A permit no bucket governs (no limits configured, or tests of what lies behind the queue). */
    public static UpstreamPermit none() {
        return NONE;
    }

    private final Limits limits;
    private final List<Bucket> buckets;
    private final List<Bucket.Reservation> reservations;
    private final long queuedNanos;

    UpstreamPermit(Limits limits, List<Bucket> buckets, List<Bucket.Reservation> reservations, long queuedNanos) {
        this.limits = limits;
        this.buckets = buckets;
        this.reservations = reservations;
        this.queuedNanos = queuedNanos;
    }

    /** How long the request waited in the queues for this call. */
    public long queuedNanos() {
        return queuedNanos;
    }

    /** The call went through: the buckets step their rate back up. */
    public void succeeded() {
        buckets.forEach(Bucket::recover);
    }

    /** The upstream answered 429: the buckets slow down and pause for its Retry-After (or a jittered backoff). */
    public void rateLimited(Duration retryAfter) {
        if (limits != null) {
            limits.upstream429(buckets, retryAfter);
        }
    }

    /** No call was made: the slots go back to the next callers in the queue. */
    public void unused() {
        for (int i = 0; i < reservations.size(); i++) {
            buckets.get(i).giveBack(reservations.get(i));
        }
    }
}
