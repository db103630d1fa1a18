package dev.switchboard.cli;

import dev.switchboard.engine.cost.CostReport;
import dev.switchboard.engine.cost.Ledger;
import dev.switchboard.engine.cost.Micros;
import dev.switchboard.engine.cost.ReportQuery;
import dev.switchboard.report.CsvExport;
import dev.switchboard.report.PdfReport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code switchboard report}: the cost ledger for a period, as CSV (one row per request) or a PDF summary. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Export the cost ledger for a period: CSV with one row per answered request, or a PDF "
                + "summary with a chart and tables.",
                "Dates are UTC days, both inclusive; a time (2026-11-23T14:00:00Z) is used as given, --to exclusive."})
final class ReportCommand implements Callable<Integer> {
    enum Format { csv, pdf }

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = Commands.CONFIG_HELP)
    Path config;

    @Option(names = "--from", paramLabel = "DATE", description = "First day (UTC) or instant; default: today.")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "Last day (UTC), or end instant; default: --from's day.")
    String to;

    @Option(names = "--user", paramLabel = "NAME", description = "Only this user's requests.")
    String user;

    @Option(names = "--model", paramLabel = "NAME", description = "Only answers by this model.")
    String model;

    @Option(names = "--plan", paramLabel = "NAME", description = "Only requests on this plan.")
    String plan;

    @Option(names = "--format", paramLabel = "csv|pdf", required = true, description = "csv or pdf.")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write (its directory must exist); - for stdout.")
    String out;

    @Override
    public Integer call() throws IOException, SQLException {
        PrintWriter err = spec.commandLine().getErr();
        ReportQuery query = query();
        if (!out.equals("-") && Commands.checkOut(spec, "--out", Path.of(out)) != 0) {
            return 2;
        }
        Ledger ledger = LedgerAccess.open(spec, config);
        if (ledger == null) {
            return 2;
        }
        try (ledger) {
            long started = System.nanoTime();
            String summary;
            try (OutputStream os = open()) {
                if (format == Format.csv) {
                    Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
                    long[] cost = new long[1];
                    long rows;
                    try (CsvExport csv = CsvExport.to(w)) {
                        rows = ledger.queries().stream(query, r -> {
                            cost[0] += r.costMicros();
                            csv.write(r);
                        });
                    }
                    w.flush();
                    summary = String.format(Locale.ROOT, "%,d rows, $%s spent", rows, cents(cost[0]));
                } else {
                    CostReport report = ledger.queries().summarize(query);
                    PdfReport.write(report, os);
                    summary = String.format(Locale.ROOT, "%,d requests, $%s spent, $%s saved",
                            report.totals().requests(), cents(report.totals().costMicros()),
                            cents(report.totals().savedMicros()));
                }
            }
            err.printf(Locale.ROOT, "report %s to %s (%s): %s -> %s (%.2f s)%n", query.from(), query.to(),
                    query.describeFilters(), summary, out, (System.nanoTime() - started) / 1e9);
        }
        return 0;
    }

    /** Micro-dollars to cents, half up: "12.35". */
    private static String cents(long micros) {
        return Micros.toUsd(micros).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private OutputStream open() throws IOException {
        if (out.equals("-")) {
            return new BufferedOutputStream(new java.io.FilterOutputStream(System.out) {
                @Override
                public void close() throws IOException {
                    flush(); // leave stdout open
                }
            }, 1 << 16);
        }
        // No directory is created: a typo in the path must not leave folders behind.
        return new BufferedOutputStream(Files.newOutputStream(Path.of(out)), 1 << 16);
    }

    private ReportQuery query() {
        Instant start = from == null ? LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant()
                : parse("--from", from, false);
        Instant end = to == null ? start.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC)
                .toInstant() : parse("--to", to, true);
        if (!end.isAfter(start)) {
            throw new ParameterException(spec.commandLine(), "--to (" + to + ") must not be before --from ("
                    + (from == null ? "today" : from) + ")");
        }
        try {
            return new ReportQuery(start, end, user, model, plan);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** A day (the start of it, or for an end the start of the next) or an exact instant. */
    private Instant parse(String option, String text, boolean end) {
        try {
            if (text.length() == 10) {
                LocalDate d = LocalDate.parse(text);
                return (end ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), option + ": expected a date like 2026-11-23 or an "
                    + "instant like 2026-11-23T14:00:00Z, got '" + text + "'");
        }
    }
}
