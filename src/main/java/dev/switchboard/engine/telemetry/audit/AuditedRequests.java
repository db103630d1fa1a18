package dev.switchboard.engine.telemetry.audit;

import java.util.Locale;

/** Which finished requests become audit records ({@code audit.requests}). */
public enum AuditedRequests {
    /** Every request, cache hits included: a row per request. */
    ALL,
    /** Failed requests only. */
    FAILURES,
    /** Failures, and answers whose route says a decision was made (fallbacks, guard verdicts, budget routing, semantic hits). */
    DECISIONS,
    /** None (config and key changes are still audited). */
    NONE;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AuditedRequests parse(String text) {
        for (AuditedRequests r : values()) {
            if (r.configName().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("requests: must be all, failures, decisions or none, got '" + text + "'");
    }
}
