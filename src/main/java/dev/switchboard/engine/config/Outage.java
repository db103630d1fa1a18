package dev.switchboard.engine.config;

import java.time.Duration;

/**
 * A window, measured from engine start, of trouble for one model: with {@code errorRate} 1 an outage (nothing
 * answers), below 1 an error burst (that share of calls fail with 503).
 */
public record Outage(String model, Duration start, Duration end, double errorRate) {
    public Outage(String model, Duration start, Duration end) {
        this(model, start, end, 1.0);
    }

    public Outage {
        Check.fraction("simulated.outages.error_rate", errorRate);
        if (start.isNegative()) {
            throw new ConfigException(null, "simulated.outages.start", "must not be negative, got " + Durations.format(start));
        }
        if (end.compareTo(start) <= 0) {
            throw new ConfigException(null, "simulated.outages.end",
                    "must be after start (" + Durations.format(start) + "), got " + Durations.format(end));
        }
    }

    public boolean covers(String m, long sinceStartMillis) {
        return model.equals(m) && sinceStartMillis >= start.toMillis() && sinceStartMillis < end.toMillis();
    }
}
