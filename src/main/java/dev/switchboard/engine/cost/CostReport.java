package dev.switchboard.engine.cost;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A cost report: totals, spend over time, and spend by model and by user, for one {@link ReportQuery}.
 *
 * @param bucket    the width of each {@link #overTime} row: an hour for short ranges, a day otherwise
 * @param overTime  one row per bucket that had traffic, oldest first; {@link Row#label} is the bucket's start
 *                  as ISO-8601 UTC ({@code 2026-11-23} or {@code 2026-11-23T14:00Z})
 * @param byModel   one row per model that answered, most expensive first
 * @param topUsers  the users who spent most, at most {@link #TOP_USERS}, most expensive first
 */
public record CostReport(ReportQuery query, Instant generatedAt, Duration bucket, Row totals, List<Row> overTime,
                         List<Row> byModel, List<Row> topUsers) {
    public static final int TOP_USERS = 10;

    public CostReport {
        overTime = List.copyOf(overTime);
        byModel = List.copyOf(byModel);
        topUsers = List.copyOf(topUsers);
    }

    /**
     * One line of a report.
     *
     * @param label         the bucket start, model or user this row is about ("(none)" for requests without a user)
     * @param requests      requests answered
     * @param providerCalls of those, answered by a provider call (the rest came from a cache, a shared call or a
     *                      stale entry)
     * @param costMicros    what the provider calls cost, whole micro-dollars
     * @param savedMicros   what answers without a call of their own saved, at the price of the call they replaced
     */
    public record Row(String label, long requests, long providerCalls, long tokensIn, long tokensOut, long costMicros,
                      long savedMicros) {
        /** Requests answered without a provider call of their own. */
        public long cacheAnswers() {
            return requests - providerCalls;
        }
    }
}
