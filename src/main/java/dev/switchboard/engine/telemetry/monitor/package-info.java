/**
 * Monitors and alerts: error rates over the last N requests per model and namespace (with the failures' causes),
 * a P95 latency SLA over a sliding time window, and spend anomalies, fed by a
 * {@link dev.switchboard.engine.telemetry.RequestListener}. A condition that holds opens one incident per monitor
 * and subject; it resolves when the condition clears. Incidents go to the log, to the console (an
 * {@link dev.switchboard.engine.telemetry.monitor.AlertsSnapshot}) and to webhooks (Slack-compatible JSON,
 * PagerDuty Events v2) posted by a dispatcher thread of its own, so a request never waits on a webhook.
 */
package dev.switchboard.engine.telemetry.monitor;
