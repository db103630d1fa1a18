package dev.switchboard.engine.cost;

import java.time.Instant;
import java.util.Objects;

/**
 * What a cost report covers: a half-open time range {@code [from, to)} and optional filters (null means any).
 * Days are UTC days throughout the ledger, budgets and reports.
 */
public record ReportQuery(Instant from, Instant to, String user, String model, String plan) {
    public ReportQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the report's end (" + to + ") must be after its start (" + from + ")");
        }
        user = blankToNull(user);
        model = blankToNull(model);
        plan = blankToNull(plan);
    }

    public static ReportQuery between(Instant from, Instant to) {
        return new ReportQuery(from, to, null, null, null);
    }

    /** The filters in words, for report headers: "user alice, model gpt-4o" or "all traffic". */
    public String describeFilters() {
        StringBuilder sb = new StringBuilder();
        if (user != null) {
            sb.append("user ").append(user);
        }
        if (model != null) {
            sb.append(sb.isEmpty() ? "" : ", ").append("model ").append(model);
        }
        if (plan != null) {
            sb.append(sb.isEmpty() ? "" : ", ").append("plan ").append(plan);
        }
        return sb.isEmpty() ? "all traffic" : sb.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
