package dev.switchboard.engine.telemetry.monitor;

import java.util.List;

/**
 * The alerts as the console shows them, at one moment, immutable.
 *
 * @param open       open incidents, critical first, then the oldest
 * @param resolved   recently resolved incidents, newest first
 * @param sent       webhook notifications delivered
 * @param failed     webhook notifications that failed after their retries (or were dropped, the queue full)
 * @param suppressed notifications held back by the rate limit
 */
public record AlertsSnapshot(boolean enabled, List<Incident> open, List<Incident> resolved, long sent, long failed,
                             long suppressed) {
    public AlertsSnapshot {
        open = List.copyOf(open);
        resolved = List.copyOf(resolved);
    }

    public static AlertsSnapshot empty() {
        return new AlertsSnapshot(false, List.of(), List.of(), 0, 0, 0);
    }
}
