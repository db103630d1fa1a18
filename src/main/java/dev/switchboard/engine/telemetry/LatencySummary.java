package dev.switchboard.engine.telemetry;

/** Latency percentiles in milliseconds over {@code count} requests. */
public record LatencySummary(long count, double p50, double p95, double p99, double max) {
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0);
}
