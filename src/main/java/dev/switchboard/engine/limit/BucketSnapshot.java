package dev.switchboard.engine.limit;

/**
 * One upstream bucket at a moment.
 *
 * @param name          {@code model:<name>} or {@code provider:<name>}
 * @param level         tokens available now, 0 to {@code capacity}
 * @param effectiveRate the rate in force (lower after a 429, or a share of it without Redis)
 * @param queueDepth    requests waiting for a slot
 */
public record BucketSnapshot(String name, BucketMode mode, String modeReason, double level, int capacity,
                             double configuredRate, double effectiveRate, int queueDepth) {
}
