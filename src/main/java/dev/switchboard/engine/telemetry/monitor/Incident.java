package dev.switchboard.engine.telemetry.monitor;

import java.util.List;

/**
 * One incident: a monitor's condition holding for one subject, from when it opened until it resolved.
 *
 * @param id             unique in this engine, rising
 * @param monitor        {@code error_rate}, {@code latency_p95} or {@code spend}
 * @param subject        what it is about: {@code model gpt-4o}, {@code namespace payments}, {@code all}
 * @param value          the monitor's reading when last evaluated (a share, seconds, or micro-dollars)
 * @param threshold      what the value was judged against (the critical level)
 * @param unit           how to read value and threshold: {@code share}, {@code seconds}, {@code micros}
 * @param topCauses      the failures' causes over the window, most first (error rate only)
 * @param resolvedAtMillis 0 while open
 * @param clearing       open, but its reading has been well under the warning level since the last evaluation:
 *                       it resolves once that lasts {@code resolve_after}. Its severity stays what it reached.
 */
public record Incident(long id, String monitor, String subject, Severity severity, long openedAtMillis, double value,
                       double threshold, String unit, List<CauseCount> topCauses, long resolvedAtMillis,
                       boolean clearing) {
    public Incident {
        topCauses = topCauses == null ? List.of() : List.copyOf(topCauses);
    }

    public Incident(long id, String monitor, String subject, Severity severity, long openedAtMillis, double value,
                    double threshold, String unit, List<CauseCount> topCauses, long resolvedAtMillis) {
        this(id, monitor, subject, severity, openedAtMillis, value, threshold, unit, topCauses, resolvedAtMillis,
                false);
    }

    public record CauseCount(Cause cause, long count) {
    }

    public boolean open() {
        return resolvedAtMillis == 0;
    }

    /** monitor + subject: at most one open incident per key. */
    public String key() {
        return monitor + "|" + subject;
    }

    /** A stable key for PagerDuty's de-duplication: the trigger and its resolve share it. */
    public String dedupKey() {
        return "switchboard-" + monitor + "-" + subject.replace(' ', '-') + "-" + id;
    }

    Incident reading(Severity s, double v, List<CauseCount> causes) {
        return new Incident(id, monitor, subject, s, openedAtMillis, v, threshold, unit, causes, 0, false);
    }

    /** A reading well under the warning level while still open: resolving unless the condition comes back. */
    Incident clearingReading(double v, List<CauseCount> causes) {
        return new Incident(id, monitor, subject, severity, openedAtMillis, v, threshold, unit, causes, 0, true);
    }

    Incident resolved(long atMillis) {
        return new Incident(id, monitor, subject, severity, openedAtMillis, value, threshold, unit, topCauses, atMillis,
                false);
    }

    /** One line for the log, the Slack text and PagerDuty's summary: no prompt, no user, no secret. */
    public String summary() {
        String causes = topCauses.isEmpty() ? "" : "; top causes: " + String.join(", ", topCauses.stream()
                .map(c -> c.cause().label() + " " + c.count()).toList());
        return severity.wireName() + ": " + describe(monitor) + " of " + subject + " is " + format(value) + " against "
                + format(threshold) + causes;
    }

    public String format(double v) {
        return switch (unit) {
            // Two decimals under 1%: the payments namespace's 0.1% must not read as its own threshold.
            case "share" -> String.format(java.util.Locale.ROOT, v < 0.01 && v > 0 ? "%.2f%%" : "%.1f%%", v * 100);
            case "seconds" -> String.format(java.util.Locale.ROOT, "%.0f ms", v * 1000);
            case "micros" -> String.format(java.util.Locale.ROOT, "$%.2f/h", v / 1e6);
            default -> String.valueOf(v);
        };
    }

    private static String describe(String monitor) {
        return switch (monitor) {
            case Monitors.ERROR_RATE -> "error rate";
            case Monitors.LATENCY -> "P95 latency";
            case Monitors.SPEND -> "spend in the last hour";
            default -> monitor;
        };
    }
}
