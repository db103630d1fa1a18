package dev.switchboard.engine.config;

/** A subscription plan's sliding-window limits per user; 0 means no limit for that window. */
public record PlanConfig(String name, int perMinute, int perHour) {
    public PlanConfig {
        Check.key("limits.plans", name);
        if (perMinute < 0 || perHour < 0) {
            throw new ConfigException(null, "limits.plans." + name, "limits must be zero (none) or more");
        }
    }
}
