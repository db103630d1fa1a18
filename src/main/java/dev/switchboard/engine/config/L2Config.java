package dev.switchboard.engine.config;

import java.time.Duration;

/** The shared Redis tier. {@code timeout} bounds every Redis call so a sick Redis cannot stall requests. */
public record L2Config(boolean enabled, Duration ttl, String url, Duration timeout) {
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(250);

    public L2Config {
        Check.positive("tiers.l2.ttl", ttl);
        Check.positive("tiers.l2.timeout", timeout);
        if (enabled) {
            Check.redisUrl("tiers.l2.url", url);
        }
    }

    public L2Config withTtl(Duration d) {
        return new L2Config(enabled, d, url, timeout);
    }
}
