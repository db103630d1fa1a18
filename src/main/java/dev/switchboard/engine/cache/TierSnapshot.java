package dev.switchboard.engine.cache;

import java.time.Duration;

/**
 * One tier's counters and state at a moment.
 *
 * @param reason    why the tier is DOWN (empty when UP)
 * @param skipped   lookups not made: the tier was DOWN, or too busy to answer in time
 * @param dropped   writes not made because the tier was DOWN or its queue was full
 * @param pending   writes queued and not yet made
 */
public record TierSnapshot(Tier tier, TierState state, String reason, long downSinceMillis, Duration ttl,
                           long hits, long misses, long writes, long errors, long skipped, long dropped,
                           long pending) {
}
