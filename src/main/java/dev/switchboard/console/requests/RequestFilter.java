package dev.switchboard.console.requests;

import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.telemetry.RequestDetail;
import dev.switchboard.engine.telemetry.RequestEvent;
import dev.switchboard.engine.telemetry.requestlog.RequestEntry;
import java.math.BigDecimal;
import java.util.function.Predicate;

/**
 * The Requests tab's filters as typed, checked, and applied to an entry. Text filters match a part of the field,
 * ignoring case; the search box matches any of the entry's words, its notes, its cache key and its kept text.
 *
 * @param servedBy  null for any
 * @param outcome   null for any; {@value #FAILED} for any failure; else {@code ok} or a failure's kind
 * @param latencyMin in nanoseconds, inclusive; null for no bound (so the max)
 * @param costMin   in micro-dollars, inclusive; null for no bound (so the max)
 */
public record RequestFilter(String search, String user, String model, String namespace, ServedBy servedBy,
                            String outcome, Long latencyMin, Long latencyMax, Long costMin, Long costMax)
        implements Predicate<RequestEntry> {
    public static final String ANY = "any";
    public static final String FAILED = "failed";
    public static final RequestFilter NONE = new RequestFilter("", "", "", "", null, null, null, null, null, null);

    /** A filter, or the field that is wrong and why (nothing is applied until it is fixed). */
    public record Parsed(RequestFilter filter, String field, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** From the fields as typed: ranges in milliseconds and dollars, either end may be blank. */
    public static Parsed parse(String search, String user, String model, String namespace, String servedBy,
                               String outcome, String latencyFrom, String latencyTo, String costFrom, String costTo) {
        ServedBy by = null;
        if (servedBy != null && !servedBy.isBlank() && !servedBy.equals(ANY)) {
            try {
                by = ServedBy.valueOf(servedBy.strip());
            } catch (IllegalArgumentException e) {
                return error("served by", "'" + servedBy + "' is not a source of answers");
            }
        }
        String out = outcome == null || outcome.isBlank() || outcome.equals(ANY) ? null : outcome.strip();
        Long[] latency = new Long[2];
        Long[] cost = new Long[2];
        String[][] ranges = {{"latency from", latencyFrom}, {"latency to", latencyTo}, {"cost from", costFrom},
                {"cost to", costTo}};
        for (int i = 0; i < 4; i++) {
            String text = ranges[i][1] == null ? "" : ranges[i][1].strip().replace(",", "").replace("$", "");
            if (text.isEmpty()) {
                continue;
            }
            BigDecimal v;
            try {
                v = new BigDecimal(text);
            } catch (NumberFormatException e) {
                return error(ranges[i][0], "'" + ranges[i][1].strip() + "' is not a number of "
                        + (i < 2 ? "milliseconds" : "dollars"));
            }
            if (v.signum() < 0) {
                return error(ranges[i][0], "must not be negative, got " + text);
            }
            if (v.compareTo(BigDecimal.valueOf(i < 2 ? 1e9 : 1e6)) > 0) {
                return error(ranges[i][0], "too large: " + text);
            }
            long exact = v.movePointRight(6).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
            if (i < 2) {
                latency[i] = exact; // milliseconds to nanoseconds
            } else {
                cost[i - 2] = exact; // dollars to micro-dollars
            }
        }
        if (latency[0] != null && latency[1] != null && latency[0] > latency[1]) {
            return error("latency from", "is above latency to");
        }
        if (cost[0] != null && cost[1] != null && cost[0] > cost[1]) {
            return error("cost from", "is above cost to");
        }
        return new Parsed(new RequestFilter(strip(search), strip(user), strip(model), strip(namespace), by, out,
                latency[0], latency[1], cost[0], cost[1]), null, null);
    }

    private static Parsed error(String field, String why) {
        return new Parsed(null, field, field + ": " + why);
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    @Override
    public boolean test(RequestEntry entry) {
        RequestEvent e = entry.event();
        if (!user.isEmpty() && !contains(e.user(), user)) {
            return false;
        }
        if (!model.isEmpty() && !contains(e.modelAsked(), model) && !contains(e.model(), model)) {
            return false;
        }
        if (!namespace.isEmpty() && !contains(e.namespace(), namespace)) {
            return false;
        }
        if (servedBy != null && e.servedBy() != servedBy) {
            return false;
        }
        if (outcome != null && !(outcome.equals(FAILED) ? e.failed() : outcome.equals(e.outcome()))) {
            return false;
        }
        if (latencyMin != null && e.latencyNanos() < latencyMin || latencyMax != null && e.latencyNanos() > latencyMax) {
            return false;
        }
        if (costMin != null && e.costMicros() < costMin || costMax != null && e.costMicros() > costMax) {
            return false;
        }
        return search.isEmpty() || searched(entry);
    }

    private boolean searched(RequestEntry entry) {
        RequestEvent e = entry.event();
        if (contains(e.requestId(), search) || contains(e.user(), search) || contains(e.plan(), search)
                || contains(e.namespace(), search) || contains(e.modelAsked(), search) || contains(e.model(), search)
                || contains(e.outcome(), search) || e.servedBy() != null && contains(e.servedBy().name(), search)) {
            return true;
        }
        for (String note : e.route()) {
            if (contains(note, search)) {
                return true;
            }
        }
        RequestDetail d = entry.detail();
        for (String v : d.verdicts()) {
            if (contains(v, search)) {
                return true;
            }
        }
        return contains(d.cacheKey(), search) || contains(d.prompt(), search) || contains(d.answer(), search)
                || contains(d.failure(), search);
    }

    /** Whether {@code text} holds {@code part}, ignoring case, without copying either. */
    static boolean contains(String text, String part) {
        if (text == null) {
            return false;
        }
        int n = part.length();
        for (int i = 0, last = text.length() - n; i <= last; i++) {
            if (text.regionMatches(true, i, part, 0, n)) {
                return true;
            }
        }
        return false;
    }
}
