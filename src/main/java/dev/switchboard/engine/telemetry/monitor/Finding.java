package dev.switchboard.engine.telemetry.monitor;

import java.util.List;

/**
 * One monitor's reading for one subject. {@code severity} null: the condition does not hold (an open incident
 * resolves). {@code judged} false: too few requests to say either way (nothing changes).
 */
record Finding(String monitor, String subject, Severity severity, double value, double threshold, String unit,
               List<Incident.CauseCount> causes, boolean judged) {
    static Finding unjudged(String monitor, String subject) {
        return new Finding(monitor, subject, null, 0, 0, "", List.of(), false);
    }

    String key() {
        return monitor + "|" + subject;
    }
}
