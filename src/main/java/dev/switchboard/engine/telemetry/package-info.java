/**
 * Counters and latency histograms kept lock-free on the request path and read as immutable snapshots, so the
 * console can poll them at its own pace without slowing requests down.
 */
package dev.switchboard.engine.telemetry;
