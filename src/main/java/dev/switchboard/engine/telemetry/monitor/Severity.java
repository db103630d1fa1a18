package dev.switchboard.engine.telemetry.monitor;

/** How bad an incident is: a warning at 80% of the error budget (or the SLA's equivalent), critical past it. */
public enum Severity {
    WARNING("warning"), CRITICAL("critical");

    private final String wireName;

    Severity(String wireName) {
        this.wireName = wireName;
    }

    /** As PagerDuty and the log spell it. */
    public String wireName() {
        return wireName;
    }
}
