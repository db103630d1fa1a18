package dev.switchboard.engine.config;

import java.time.Duration;

/** The in-process tier (Caffeine): bounded by an estimate of the bytes its entries hold. */
public record L1Config(boolean enabled, Duration ttl, long maxBytes) {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    public static final long DEFAULT_MAX_BYTES = 256L << 20;

    public L1Config {
        Check.positive("tiers.l1.ttl", ttl);
        if (maxBytes <= 0) {
            throw new ConfigException(null, "tiers.l1.max_bytes", "must be positive, got " + maxBytes);
        }
    }

    public L1Config withTtl(Duration d) {
        return new L1Config(enabled, d, maxBytes);
    }

    public L1Config withMaxBytes(long bytes) {
        return new L1Config(enabled, ttl, bytes);
    }
}
