package dev.switchboard.console.costs;

import dev.switchboard.engine.cost.ReportQuery;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The report filters as typed, checked without JavaFX: dates are UTC days, both inclusive; empty filters mean any.
 *
 * @param error why the filters cannot run, naming the field; null when they can
 */
record ReportFilters(ReportQuery query, String error) {
    static ReportFilters parse(String from, String to, String user, String model, String plan) {
        LocalDate start;
        LocalDate end;
        try {
            start = LocalDate.parse(from.strip());
        } catch (DateTimeParseException e) {
            return new ReportFilters(null, "From: expected a date like 2026-11-23, got '" + from + "'");
        }
        try {
            end = to.isBlank() ? start : LocalDate.parse(to.strip());
        } catch (DateTimeParseException e) {
            return new ReportFilters(null, "To: expected a date like 2026-11-23, got '" + to + "'");
        }
        if (end.isBefore(start)) {
            return new ReportFilters(null, "To: must not be before From (" + start + "), got " + end);
        }
        return new ReportFilters(new ReportQuery(start.atStartOfDay(ZoneOffset.UTC).toInstant(),
                end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), user, model, plan), null);
    }
}
