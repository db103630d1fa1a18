package dev.switchboard.report;

import dev.switchboard.engine.cost.CostReport;
import dev.switchboard.engine.cost.CostReport.Row;
import dev.switchboard.engine.cost.ReportQuery;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Cost reports to render in tests, and a main that writes one to a file to look at. */
final class SampleReports {
    static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant GENERATED = Instant.parse("2026-12-01T08:00:12Z");

    private SampleReports() {
    }

    /** A month of daily traffic over three models and a handful of users, totals summed from the days. */
    static CostReport month() {
        Random rnd = new Random(7);
        List<Row> days = new ArrayList<>();
        for (int d = 0; d < 30; d++) {
            if (d == 11 || d == 12) {
                continue; // a quiet weekend: buckets without traffic have no row
            }
            long requests = 20_000 + rnd.nextInt(30_000);
            long calls = requests * (45 + rnd.nextInt(20)) / 100;
            long cost = Math.round(calls * 2_100 * (0.8 + rnd.nextDouble() * 0.4)); // micro-dollars
            long saved = (requests - calls) * 1_900;
            days.add(new Row(LocalDate.of(2026, 11, 1 + d).toString(), requests, calls, requests * 420,
                    calls * 310, cost, saved));
        }
        Row totals = sum("total", days);
        List<Row> models = List.of(
                share("gpt-4o", totals, 0.61),
                share("claude-3-5-sonnet-20241022", totals, 0.27),
                share("gpt-4o-mini", totals, 0.12));
        List<Row> users = new ArrayList<>();
        String[] names = {"alice", "bob", "(none)", "carol@example.com", "batch-nightly-summaries", "dave", "erin",
                "frank", "grace", "heidi"};
        double left = 0.9;
        for (String name : names) {
            left /= 1.6;
            users.add(share(name, totals, left));
        }
        return new CostReport(ReportQuery.between(FROM, FROM.plus(Duration.ofDays(30))), GENERATED,
                Duration.ofDays(1), totals, days, models, users);
    }

    /** A filtered report with {@code hours} hourly buckets: long tables. */
    static CostReport hourly(int hours) {
        List<Row> rows = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            Instant start = FROM.plus(Duration.ofHours(h));
            long requests = 100 + (h * 37) % 90;
            long calls = requests / 2;
            rows.add(new Row(isoHour(start), requests, calls, requests * 300, calls * 200,
                    Math.round(calls * 3_100 * (1 + Math.sin(h / 6.0) / 2)), (requests - calls) * 2_800));
        }
        Row totals = sum("total", rows);
        return new CostReport(new ReportQuery(FROM, FROM.plus(Duration.ofHours(hours)), "alice", null, "pro"),
                GENERATED, Duration.ofHours(1), totals, rows, List.of(share("gpt-4o", totals, 1.0)),
                List.of(share("alice", totals, 1.0)));
    }

    /** Today by the hour with traffic in one hour only (14:00), as after a replay: the chart still covers the day. */
    static CostReport oneBusyHour() {
        Instant busy = FROM.plus(Duration.ofHours(14));
        Row row = new Row(isoHour(busy), 3_000, 600, 76_000, 230_000, 215_000, 584_000);
        return new CostReport(ReportQuery.between(FROM, FROM.plus(Duration.ofDays(1))), FROM.plus(Duration.ofHours(15)),
                Duration.ofHours(1), sum("total", List.of(row)), List.of(row), List.of(share("gpt-4o", row, 1.0)),
                List.of(share("alice", row, 1.0)));
    }

    /** No traffic at all. */
    static CostReport empty() {
        return new CostReport(ReportQuery.between(FROM, FROM.plus(Duration.ofDays(7))), GENERATED,
                Duration.ofDays(1), new Row("total", 0, 0, 0, 0, 0, 0), List.of(), List.of(), List.of());
    }

    /** "2026-11-01T14:00Z", as the engine labels hourly buckets. */
    static String isoHour(Instant t) {
        return t.atOffset(ZoneOffset.UTC).toLocalDateTime().toString() + "Z";
    }

    static Row sum(String label, List<Row> rows) {
        long req = 0;
        long calls = 0;
        long in = 0;
        long out = 0;
        long cost = 0;
        long saved = 0;
        for (Row r : rows) {
            req += r.requests();
            calls += r.providerCalls();
            in += r.tokensIn();
            out += r.tokensOut();
            cost += r.costMicros();
            saved += r.savedMicros();
        }
        return new Row(label, req, calls, in, out, cost, saved);
    }

    private static Row share(String label, Row t, double f) {
        return new Row(label, Math.round(t.requests() * f), Math.round(t.providerCalls() * f),
                Math.round(t.tokensIn() * f), Math.round(t.tokensOut() * f), Math.round(t.costMicros() * f),
                Math.round(t.savedMicros() * f));
    }

    /** Writes the monthly sample to the path given (default /tmp/sample-report.pdf), to look at. */
    public static void main(String[] args) throws Exception {
        String which = args.length > 1 ? args[1] : "month";
        CostReport report = switch (which) {
            case "hourly" -> hourly(200);
            case "empty" -> empty();
            case "hour" -> oneBusyHour();
            default -> month();
        };
        Path path = Path.of(args.length > 0 ? args[0] : "/tmp/sample-report.pdf");
        try (OutputStream out = Files.newOutputStream(path)) {
            PdfReport.write(report, out);
        }
        System.out.println("wrote " + path);
    }
}
