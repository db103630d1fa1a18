package dev.switchboard.engine.telemetry.monitor;

/** What happened to an incident, for the sinks: it opened, got worse, or resolved. */
public record Notification(Transition transition, Incident incident) {
    public enum Transition {
        OPENED, ESCALATED, RESOLVED
    }
}
