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

    /** More buckets than this and {@link #periodBuckets} gives none: a chart would be a smear. */
    public static final int MAX_PERIOD_BUCKETS = 20_000;

    /**
     * The start of every bucket over the period, empty ones included, so a quiet hour reads as quiet, not as
     * missing: the same axis in the console's chart and the PDF's (a day by the hour is 24 buckets). Daily buckets
     * stop at the one holding {@link #generatedAt}, a month's days not yet come are not shown as quiet.
     */
    public List<Instant> periodBuckets() {
        boolean daily = bucket.compareTo(Duration.ofDays(1)) >= 0;
        Instant end = daily && query.to().isAfter(generatedAt) ? generatedAt : query.to();
        if (bucket.isZero() || bucket.isNegative() || Duration.between(query.from(), end).dividedBy(bucket)
                > MAX_PERIOD_BUCKETS) {
            return List.of();
        }
        List<Instant> out = new java.util.ArrayList<>();
        for (Instant at = query.from(); at.isBefore(end); at = at.plus(bucket)) {
            out.add(at);
        }
        return out;
    }

    /**
     * A bucket as a chart's axis names it, short and unique within the period: {@code 14:00} for the hours of one
     * day, {@code 11-23 14:00} for hours over several, {@code 11-23} for days.
     */
    public String axisLabel(Instant start) {
        String iso = label(start);
        if (bucket.compareTo(Duration.ofDays(1)) >= 0) {
            return iso.substring(5);
        }
        boolean oneDay = Duration.between(query.from(), query.to()).compareTo(Duration.ofDays(1)) <= 0;
        return oneDay ? iso.substring(11, 16) : iso.substring(5, 10) + " " + iso.substring(11, 16);
    }

    /** A bucket's {@link Row#label} as the ledger writes it: {@code 2026-11-23} or {@code 2026-11-23T14:00Z}. */
    public String label(Instant start) {
        return bucket.compareTo(Duration.ofDays(1)) >= 0
                ? start.atZone(java.time.ZoneOffset.UTC).toLocalDate().toString()
                : java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
                        .withZone(java.time.ZoneOffset.UTC).format(start);
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
