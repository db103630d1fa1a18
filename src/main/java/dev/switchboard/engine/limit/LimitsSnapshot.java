package dev.switchboard.engine.limit;

import java.util.List;
import java.util.Map;

/**
 * Admission at a moment.
 *
 * @param rejected        requests refused, by reason ({@code plan_minute}, {@code queue_deadline}, ...)
 * @param queued          requests that waited for an upstream slot
 * @param maxQueueWaitMs  the longest such wait
 * @param retried429      upstream 429s, each of which slowed the buckets down
 */
public record LimitsSnapshot(boolean enabled, List<BucketSnapshot> buckets, List<Lockout> lockouts,
                             Map<String, Long> rejected, long queued, double maxQueueWaitMs, long retried429,
                             BucketMode planMode, String planModeReason) {
    public static final LimitsSnapshot OFF = new LimitsSnapshot(false, List.of(), List.of(), Map.of(), 0, 0, 0,
            BucketMode.LOCAL, "");

    public LimitsSnapshot {
        buckets = List.copyOf(buckets);
        lockouts = List.copyOf(lockouts);
        rejected = Map.copyOf(rejected);
    }
}
