package dev.switchboard.engine.telemetry.audit;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code audit} section. The trail lives in the cost ledger's database, so it is on whenever the ledger is and
 * {@code enabled} is not false.
 *
 * @param requests  which requests are recorded (default {@link AuditedRequests#DECISIONS}: a busy gateway does not
 *                  write a row per cache hit)
 * @param retention how long records are kept; null keeps them forever. Older ones are purged, and the last purged
 *                  record's hash kept as the anchor the chain is verified from
 * @param queue     most records waiting for the writer; more are counted as dropped (and logged once)
 */
public record AuditSettings(boolean enabled, AuditedRequests requests, Duration retention, int queue) {
    public static final int QUEUE_MAX = 1_000_000;

    public AuditSettings {
        Objects.requireNonNull(requests, "requests");
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException("retention: must be positive (e.g. 90d), got " + retention);
        }
        if (queue < 1 || queue > QUEUE_MAX) {
            throw new IllegalArgumentException("queue: must be between 1 and " + QUEUE_MAX + ", got " + queue);
        }
    }

    public static AuditSettings defaults() {
        return new AuditSettings(true, AuditedRequests.DECISIONS, null, 10_000);
    }
}
