package dev.switchboard.engine.config;

import java.time.Duration;

/** A window, measured from engine start, during which the simulated provider answers nothing for one model. */
public record Outage(String model, Duration start, Duration end) {
    public Outage {
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
