/**
 * Counters and latency histograms kept lock-free on the request path and read as immutable snapshots, so the
 * console can poll them at its own pace without slowing requests down. {@link
 * dev.switchboard.engine.telemetry.RequestEvents} tells {@link dev.switchboard.engine.telemetry.RequestListener}s
 * (the audit trail in {@code telemetry.audit}, monitors, request logs) of every finished request, with no prompt or
 * answer text but in the event's {@link dev.switchboard.engine.telemetry.RequestDetail}, built only for a listener
 * that asks (the request log's ring in {@code telemetry.requestlog}). {@link dev.switchboard.engine.telemetry.Steps}
 * records a request's steps for it, appended to where the request path opens its trace spans.
 */
package dev.switchboard.engine.telemetry;
