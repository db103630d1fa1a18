/**
 * The Alerts tab: the monitors' open incidents (severity, monitor, subject, since, value against threshold, top
 * causes) and the recently resolved ones, from each snapshot; {@code IncidentRows} turns an incident into the
 * table's words, free of JavaFX.
 */
package dev.switchboard.console.alerts;
