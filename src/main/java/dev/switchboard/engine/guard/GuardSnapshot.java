package dev.switchboard.engine.guard;

import java.util.Map;

/**
 * The guards' counters at one moment, immutable (the console polls it at 4 Hz).
 *
 * @param checks   texts checked (requests and answers)
 * @param blocked  requests and answers refused
 * @param redacted spans redacted
 * @param flagged  findings let through and recorded
 * @param byRule   per rule: how often each mode acted on it
 * @param p50Micros median time of one check, in microseconds (0 before the first)
 * @param p99Micros 99th percentile, in microseconds
 */
public record GuardSnapshot(long checks, long blocked, long redacted, long flagged, Map<String, RuleCounts> byRule,
                            double p50Micros, double p99Micros) {
    /** How often each mode acted on one rule. */
    public record RuleCounts(long blocked, long redacted, long flagged) {
    }

    public GuardSnapshot {
        byRule = Map.copyOf(byRule);
    }
}
