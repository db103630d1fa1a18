package dev.switchboard.console.alerts;

import dev.switchboard.engine.telemetry.monitor.Incident;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** An incident in the Alerts table's words: what each column shows. */
public final class IncidentRows {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private IncidentRows() {
    }

    public static String monitor(Incident i) {
        return switch (i.monitor()) {
            case "error_rate" -> "Error rate";
            case "latency_p95" -> "P95 latency";
            case "spend" -> "Spend / hour";
            default -> i.monitor();
        };
    }

    /** The severity it reached, and whether it is on its way to resolving (its reading is back to normal). */
    public static String severity(Incident i) {
        return i.open() && i.clearing() ? i.severity().wireName() + ", clearing" : i.severity().wireName();
    }

    public static String since(Incident i) {
        return TIME.format(Instant.ofEpochMilli(i.openedAtMillis()));
    }

    public static String resolvedAt(Incident i) {
        return i.open() ? "" : TIME.format(Instant.ofEpochMilli(i.resolvedAtMillis()));
    }

    public static String valueVsThreshold(Incident i) {
        return i.format(i.value()) + " / " + i.format(i.threshold());
    }

    public static String causes(Incident i) {
        return String.join(", ", i.topCauses().stream().map(c -> c.cause().label() + " " + c.count()).toList());
    }

    /** The banner's words when an incident opens. */
    public static String banner(Incident i) {
        return "Alert: " + i.summary();
    }
}
