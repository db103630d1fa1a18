package dev.switchboard.engine.cost;

import dev.switchboard.store.Database;
import dev.switchboard.store.SqlDialect;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the ledger: report summaries, row-by-row exports, and a user's records for privacy requests. Every query
 * is bounded by time and runs on the caller's thread (never the FX thread: the console calls it in the
 * background).
 */
public final class LedgerQueries {
    private static final String ROW_COLUMNS = "journal_id, seq, at_ms, user_name, plan, namespace, model_asked, model,"
            + " served_by, tokens_in, tokens_out, cost_micros, saved_micros, latency_us";
    /** Requests are answers; provider calls include the ones that failed (they may be billed) and re-prompts. */
    private static final String SUMS = "SUM(CASE WHEN served_by NOT IN ('" + CostEvent.FAILED_CALL + "', '"
            + CostEvent.REPROMPT_CALL + "') THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN served_by IN ('PROVIDER', '" + CostEvent.FAILED_CALL + "', '" + CostEvent.REPROMPT_CALL
            + "') THEN 1 ELSE 0 END),"
            + " SUM(tokens_in), SUM(tokens_out), SUM(cost_micros), SUM(saved_micros)";
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 86_400_000L;
    /** Up to this range a report goes by the hour; beyond it, by the day. */
    private static final Duration HOURLY_UP_TO = Duration.ofDays(2);
    private static final DateTimeFormatter HOUR_LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
            .withZone(ZoneOffset.UTC);

    /** Receives rows one at a time, so an export of millions never holds them all. */
    @FunctionalInterface
    public interface RowSink {
        void accept(LedgerRow row) throws IOException;
    }

    private final Database db;
    private final InstantSource clock;

    public LedgerQueries(Database db) {
        this(db, InstantSource.system());
    }

    LedgerQueries(Database db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Spend, calls, tokens and savings over time, by model and by top user. A report by the day over whole UTC
     * days with no model or plan filter reads the running totals (a few rows per day); any other report reads the
     * records themselves.
     */
    public CostReport summarize(ReportQuery q) throws SQLException {
        db.ensureReady();
        long bucket = Duration.between(q.from(), q.to()).compareTo(HOURLY_UP_TO) <= 0 ? HOUR : DAY;
        if (bucket == DAY && q.model() == null && q.plan() == null && q.user() == null
                && q.from().toEpochMilli() % DAY == 0 && q.to().toEpochMilli() % DAY == 0) {
            return fromTotals(q);
        }
        return fromRecords(q, bucket);
    }

    /** The report from the daily running totals: for all traffic over whole days, whatever the number of records. */
    private CostReport fromTotals(ReportQuery q) throws SQLException {
        List<CostReport.Row> overTime = new ArrayList<>();
        List<CostReport.Row> byModel = new ArrayList<>();
        List<CostReport.Row> users = new ArrayList<>();
        String from = q.from().atZone(ZoneOffset.UTC).toLocalDate().toString();
        String to = q.to().atZone(ZoneOffset.UTC).toLocalDate().toString();
        String sums = "SUM(requests), SUM(provider_calls), SUM(tokens_in), SUM(tokens_out), SUM(cost_micros),"
                + " SUM(saved_micros)";
        String where = " FROM spend_total WHERE period_kind = 'D' AND period_start >= ? AND period_start < ?"
                + " AND scope = ? GROUP BY ";
        try (Connection c = db.dataSource().getConnection()) {
            for (String scope : List.of("all", "model", "user")) {
                String group = scope.equals("all") ? "period_start" : "name";
                try (PreparedStatement ps = c.prepareStatement("SELECT " + group + ", " + sums + where + group)) {
                    ps.setString(1, from);
                    ps.setString(2, to);
                    ps.setString(3, scope);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            CostReport.Row r = row(rs.getString(1), rs, 2);
                            (scope.equals("all") ? overTime : scope.equals("model") ? byModel : users).add(r);
                        }
                    }
                }
            }
        }
        overTime.sort(java.util.Comparator.comparing(CostReport.Row::label));
        byModel.sort(MOST_SPENT);
        users.sort(MOST_SPENT);
        if (users.size() > CostReport.TOP_USERS) {
            users.subList(CostReport.TOP_USERS, users.size()).clear();
        }
        return new CostReport(q, clock.instant(), Duration.ofMillis(DAY), total(overTime), overTime, byModel, users);
    }

    private CostReport fromRecords(ReportQuery q, long bucket) throws SQLException {
        Filter f = Filter.of(q);
        List<CostReport.Row> overTime = new ArrayList<>();
        List<CostReport.Row> byModel = new ArrayList<>();
        List<CostReport.Row> users = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection()) {
            // The bucket width is our constant, not input, so it is written into the statement.
            String b = "at_ms / " + bucket;
            if (db.dialect() == SqlDialect.POSTGRESQL) {
                // One pass over the rows for all three groupings.
                try (ResultSet rs = f.query(c, "SELECT GROUPING(" + b + "), GROUPING(model), " + SUMS + ", " + b
                        + ", model, user_name FROM ledger_event WHERE " + f.where + " GROUP BY GROUPING SETS (("
                        + b + "), (model), (user_name))")) {
                    while (rs.next()) {
                        if (rs.getInt(1) == 0) {
                            overTime.add(row(label(rs.getLong(9) * bucket, bucket), rs, 3));
                        } else if (rs.getInt(2) == 0) {
                            byModel.add(row(rs.getString(10), rs, 3));
                        } else {
                            String u = rs.getString(11);
                            users.add(row(u == null ? "(none)" : u, rs, 3));
                        }
                    }
                }
                overTime.sort(java.util.Comparator.comparing(CostReport.Row::label));
                byModel.sort(MOST_SPENT);
                users.sort(MOST_SPENT);
                if (users.size() > CostReport.TOP_USERS) {
                    users.subList(CostReport.TOP_USERS, users.size()).clear();
                }
            } else {
                try (ResultSet rs = f.query(c, "SELECT " + b + ", " + SUMS + " FROM ledger_event WHERE " + f.where
                        + " GROUP BY " + b + " ORDER BY " + b)) {
                    while (rs.next()) {
                        overTime.add(row(label(rs.getLong(1) * bucket, bucket), rs, 2));
                    }
                }
                try (ResultSet rs = f.query(c, "SELECT model, " + SUMS + " FROM ledger_event WHERE " + f.where
                        + " GROUP BY model ORDER BY SUM(cost_micros) DESC, model")) {
                    while (rs.next()) {
                        byModel.add(row(rs.getString(1), rs, 2));
                    }
                }
                try (ResultSet rs = f.query(c, "SELECT user_name, " + SUMS + " FROM ledger_event WHERE " + f.where
                        + " GROUP BY user_name ORDER BY SUM(cost_micros) DESC, user_name LIMIT " + CostReport.TOP_USERS)) {
                    while (rs.next()) {
                        String u = rs.getString(1);
                        users.add(row(u == null ? "(none)" : u, rs, 2));
                    }
                }
            }
        }
        return new CostReport(q, clock.instant(), Duration.ofMillis(bucket), total(overTime), overTime, byModel, users);
    }

    /** The six sums starting at column {@code at}; amounts are exact (sums of whole micro-dollars). */
    private static CostReport.Row row(String label, ResultSet rs, int at) throws SQLException {
        return new CostReport.Row(label, rs.getLong(at), rs.getLong(at + 1), rs.getLong(at + 2), rs.getLong(at + 3),
                rs.getLong(at + 4), rs.getLong(at + 5));
    }

    private static final java.util.Comparator<CostReport.Row> MOST_SPENT = java.util.Comparator
            .comparingLong(CostReport.Row::costMicros).reversed().thenComparing(CostReport.Row::label);

    private static String label(long start, long bucket) {
        return bucket == DAY ? Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC).toLocalDate().toString()
                : HOUR_LABEL.format(Instant.ofEpochMilli(start));
    }

    private static CostReport.Row total(List<CostReport.Row> rows) {
        long requests = 0;
        long calls = 0;
        long in = 0;
        long out = 0;
        long cost = 0;
        long saved = 0;
        for (CostReport.Row r : rows) {
            requests += r.requests();
            calls += r.providerCalls();
            in += r.tokensIn();
            out += r.tokensOut();
            cost += r.costMicros();
            saved += r.savedMicros();
        }
        return new CostReport.Row("total", requests, calls, in, out, cost, saved);
    }

    /** Every record the query covers, oldest first. @return how many */
    public long stream(ReportQuery q, RowSink sink) throws SQLException, IOException {
        Filter f = Filter.of(q);
        return streamWhere(f.where + " ORDER BY at_ms, journal_id, seq", f.params, sink);
    }

    /** Every record of one user, oldest first: the answer to "what do you hold about me". @return how many */
    public long exportUser(String user, RowSink sink) throws SQLException, IOException {
        return streamWhere("user_name = ? ORDER BY at_ms, journal_id, seq", List.of(user), sink);
    }

    /**
     * Deletes every record of one user, and their running totals. The spend stays in the totals for all traffic
     * and per model: the money was spent, and budgets must not forget it. @return records deleted
     */
    public long deleteUser(String user) throws SQLException {
        return delete("user_name = ?", List.of(user), "scope = 'user' AND name = ?", List.of(user));
    }

    /**
     * Deletes every record in {@code [from, to)} and the running totals of the days and months inside it: for
     * retention, and for benchmarks that clean up after themselves. @return records deleted
     */
    public long deleteRange(Instant from, Instant to) throws SQLException {
        return delete("at_ms >= ? AND at_ms < ?", List.of(from.toEpochMilli(), to.toEpochMilli()),
                "period_start >= ? AND period_start < ?", List.of(from.atZone(ZoneOffset.UTC).toLocalDate().toString(),
                        to.atZone(ZoneOffset.UTC).toLocalDate().toString()));
    }

    /** Records and running totals go together, in one transaction. @return records deleted */
    private long delete(String rowsWhere, List<Object> rowParams, String totalsWhere, List<Object> totalParams)
            throws SQLException {
        db.ensureReady();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement rows = c.prepareStatement("DELETE FROM ledger_event WHERE " + rowsWhere);
                 PreparedStatement totals = c.prepareStatement("DELETE FROM spend_total WHERE " + totalsWhere)) {
                bind(rows, rowParams);
                long n = rows.executeUpdate();
                bind(totals, totalParams);
                totals.executeUpdate();
                c.commit();
                return n;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Distinct users, models and plans seen, for the report filters' suggestions. */
    public List<String> distinct(String column, int limit) throws SQLException {
        if (!List.of("user_name", "model", "plan").contains(column)) {
            throw new IllegalArgumentException("not a filter column: " + column);
        }
        db.ensureReady();
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT " + column + " FROM ledger_event WHERE "
                     + column + " IS NOT NULL ORDER BY " + column + " LIMIT " + limit);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private long streamWhere(String where, List<Object> params, RowSink sink) throws SQLException, IOException {
        db.ensureReady();
        long n = 0;
        try (Connection c = db.dataSource().getConnection()) {
            // PostgreSQL streams with a cursor only inside a transaction.
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS + " FROM ledger_event WHERE " + where)) {
                ps.setFetchSize(5_000);
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(new LedgerRow(Long.toHexString(rs.getLong(1)) + "-" + rs.getLong(2), rs.getLong(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                rs.getString(9), rs.getInt(10), rs.getInt(11), rs.getLong(12), rs.getLong(13),
                                rs.getLong(14)));
                        n++;
                    }
                }
            } finally {
                c.rollback();
            }
        }
        return n;
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof Long l) {
                ps.setLong(i + 1, l);
            } else {
                ps.setString(i + 1, (String) p);
            }
        }
    }

    /** The WHERE clause of a report query and its parameters. */
    private record Filter(String where, List<Object> params) {
        static Filter of(ReportQuery q) {
            StringBuilder w = new StringBuilder("at_ms >= ? AND at_ms < ?");
            List<Object> p = new ArrayList<>(List.of(q.from().toEpochMilli(), q.to().toEpochMilli()));
            if (q.user() != null) {
                w.append(" AND user_name = ?");
                p.add(q.user());
            }
            if (q.model() != null) {
                w.append(" AND model = ?");
                p.add(q.model());
            }
            if (q.plan() != null) {
                w.append(" AND plan = ?");
                p.add(q.plan());
            }
            return new Filter(w.toString(), List.copyOf(p));
        }

        ResultSet query(Connection c, String sql) throws SQLException {
            PreparedStatement ps = c.prepareStatement(sql);
            bind(ps, params);
            // Closing the result set's statement with it: see closeOnCompletion.
            ps.closeOnCompletion();
            return ps.executeQuery();
        }
    }
}
