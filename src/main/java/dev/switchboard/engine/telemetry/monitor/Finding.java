package dev.switchboard.engine.telemetry.monitor;

import java.util.List;

/**
 * One monitor's reading for one subject. {@code severity} null: the condition does not hold, and no incident opens.
 * {@code clear}: the reading is well under the warning level, so an open incident resolves; between the two it
 * stays open (hysteresis: a rate hovering at its threshold does not open and resolve on every request).
 * {@code judged} false: too few requests to say either way (nothing changes).
 */
record Finding(String monitor, String subject, Severity severity, double value, double threshold, String unit,
               List<Incident.CauseCount> causes, boolean judged, boolean clear) {
    static Finding unjudged(String monitor, String subject) {
        return new Finding(monitor, subject, null, 0, 0, "", List.of(), false, false);
    }

    /** The condition is gone (the monitor was turned off, or its subject went quiet). */
    static Finding cleared(String monitor, String subject, double threshold, String unit) {
        return new Finding(monitor, subject, null, 0, threshold, unit, List.of(), true, true);
    }

    String key() {
        return monitor + "|" + subject;
    }
}
