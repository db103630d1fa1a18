package dev.switchboard.engine.config;

/**
 * An upstream token bucket: refills at {@code rate} tokens a second up to {@code capacity}. To stay under an
 * upstream's "N requests per second" over any sliding second, use capacity 1 and a rate a little under N.
 */
public record BucketConfig(double rate, int capacity) {
    public BucketConfig {
        if (!(rate > 0) || rate > 1_000_000) {
            throw new ConfigException(null, "limits.upstream.rate", "must be more than 0 and at most 1000000, got " + rate);
        }
        if (capacity < 1 || capacity > 1_000_000) {
            throw new ConfigException(null, "limits.upstream.capacity", "must be between 1 and 1000000, got " + capacity);
        }
    }
}
