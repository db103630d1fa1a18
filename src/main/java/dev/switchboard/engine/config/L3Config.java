package dev.switchboard.engine.config;

import java.time.Duration;

/**
 * The SQL tier: PostgreSQL ({@code jdbc:postgresql://...} or {@code postgresql://...}) or an embedded H2 file
 * ({@code jdbc:h2:file:...}). Expired rows are deleted every {@code purgeInterval}.
 */
public record L3Config(boolean enabled, Duration ttl, String url, String user, String password,
                       Duration timeout, Duration purgeInterval, int poolSize) {
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(10);

    public L3Config {
        Check.positive("tiers.l3.ttl", ttl);
        Check.positive("tiers.l3.timeout", timeout);
        Check.positive("tiers.l3.purge_interval", purgeInterval);
        if (poolSize < 1 || poolSize > 256) {
            throw new ConfigException(null, "tiers.l3.pool_size", "must be between 1 and 256, got " + poolSize);
        }
        if (enabled) {
            Check.sqlUrl("tiers.l3.url", url);
        }
    }

    public L3Config withTtl(Duration d) {
        return new L3Config(enabled, d, url, user, password, timeout, purgeInterval, poolSize);
    }
}
