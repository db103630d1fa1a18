/**
 * Counters and latency histograms kept lock-free on the request path and read as immutable snapshots, so the
 * console can poll them at its own pace without slowing requests down. Finished requests are told to
 * {@link dev.switchboard.engine.telemetry.RequestListener}s (the audit trail in {@code telemetry.audit}, monitors,
 * request logs).
 */
package dev.switchboard.engine.telemetry;
