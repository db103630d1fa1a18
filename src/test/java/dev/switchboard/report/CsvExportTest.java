package dev.switchboard.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.switchboard.engine.cost.LedgerRow;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvExportTest {
    private static final long AT = Instant.parse("2026-11-23T10:15:30.123Z").toEpochMilli();

    private static LedgerRow row(int n, String user, String plan, double cost, double saved) {
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
        double engineTotal = 0;
        for (int i = 0; i < 20_000; i++) {
            // Sub-cent amounts, as most LLM calls cost: rounding each to cents would lose dollars in the sum.
            double cost = rnd.nextInt(10) == 0 ? 0 : rnd.nextDouble() * 0.004;
            rows.add(row(i, "u" + (i % 7), "pro", cost, cost / 3));
            engineTotal += cost;
        }

        List<Map<String, String>> back = parse(export(rows));

        assertThat(back).hasSize(rows.size());
        double sum = 0;
        for (int i = 0; i < rows.size(); i++) {
            double parsed = Double.parseDouble(back.get(i).get("cost_usd"));
            assertThat(parsed).isEqualTo(rows.get(i).costUsd());
            assertThat(Double.parseDouble(back.get(i).get("saved_usd"))).isEqualTo(rows.get(i).savedUsd());
            sum += parsed;
        }
        assertThat(BigDecimal.valueOf(sum).setScale(2, RoundingMode.HALF_UP))
                .isEqualTo(BigDecimal.valueOf(engineTotal).setScale(2, RoundingMode.HALF_UP));
        assertThat(sum).isEqualTo(engineTotal);
    }

    @Test
    void headerThenOneLinePerRowWithIsoUtcTimesAndPlainDecimals() throws IOException {
        LedgerRow r = new LedgerRow("j2-9", AT, "alice", "pro", "support", "gpt-4o", "gpt-4o", "L1", 10, 20,
                0.00001, 1.0E-7, 42);
        LedgerRow onTheSecond = new LedgerRow("j2-10", Instant.parse("2026-11-23T10:15:31Z").toEpochMilli(),
                "bob", "free", "ns", "m", "m", "PROVIDER", 1, 2, 12.5, 0, 7);

        String csv = export(List.of(r, onTheSecond));

        assertThat(csv.split("\n", -1)).containsExactly(
                "id,at,user,plan,namespace,model_asked,model,served_by,tokens_in,tokens_out,cost_usd,saved_usd,"
                        + "latency_us",
                "j2-9,2026-11-23T10:15:30.123Z,alice,pro,support,gpt-4o,gpt-4o,L1,10,20,0.00001,0.0000001,42",
                "j2-10,2026-11-23T10:15:31.000Z,bob,free,ns,m,m,PROVIDER,1,2,12.5,0,7",
                "");
    }

    @Test
    void nullUserAndPlanAreEmptyFields() throws IOException {
        String csv = export(List.of(row(1, null, null, 0.5, 0)));

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

        String csv = export(List.of(row(1, user, "pro", 0.25, 0)));

        assertThat(csv).contains(",\"Smith, \"\"Al\"\"\",pro,");
        assertThat(parse(csv).getFirst().get("user")).isEqualTo(user);
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
