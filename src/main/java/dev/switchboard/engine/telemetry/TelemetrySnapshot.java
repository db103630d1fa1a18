package dev.switchboard.engine.telemetry;

import dev.switchboard.engine.request.ServedBy;
import java.util.Map;

/**
 * Counters at one moment.
 *
 * @param requestsPerSecond   requests in the last completed second
 * @param rpsHistory          requests in each of the last 60 completed seconds, oldest first
 * @param hitRateLastMinute   cache hits over requests in the last 60 completed seconds
 * @param latencyLastMinute   latency by what served the request, over about the last minute (55 to 60 s)
 */
public record TelemetrySnapshot(long requests, Map<ServedBy, Long> servedBy, Map<ServedBy, LatencySummary> latency,
                                Map<String, Long> failures, double costUsd, double costSavedUsd,
                                long requestsPerSecond, java.util.List<Long> rpsHistory, double hitRateLastMinute,
                                Map<ServedBy, LatencySummary> latencyLastMinute) {

    public long hits() {
        return servedBy.entrySet().stream().filter(e -> e.getKey().isCacheHit()).mapToLong(Map.Entry::getValue).sum();
    }

    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }
}
