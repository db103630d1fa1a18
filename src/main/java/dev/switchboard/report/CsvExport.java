package dev.switchboard.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.switchboard.engine.cost.LedgerRow;
import dev.switchboard.engine.cost.Micros;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Streams {@link LedgerRow}s to CSV, one line each after a header, so an export of millions of rows never holds
 * them in memory. Amounts are the ledger's exact micro-dollars as plain decimals ({@code 0.000045}, never rounded to
 * cents, never a binary fraction), so summing the cost column gives the engine's total exactly. Null fields (user,
 * plan) are empty.
 *
 * <p>Text a spreadsheet would run as a formula (a cell starting with {@code = + - @}, a tab, CR or LF) is prefixed
 * with a single quote, as OWASP advises against CSV injection: users, plans, namespaces and model names come from
 * callers and config. Only text columns are escaped; a negative amount stays a number.
 *
 * <p>The caller owns the {@link Writer}: {@link #close()} flushes it but leaves it open. Not thread-safe.
 */
public final class CsvExport implements AutoCloseable {
    /** The header line, in column order. */
    public static final String HEADER = "id,at,user,plan,namespace,model_asked,model,served_by,tokens_in,tokens_out,"
            + "cost_usd,saved_usd,latency_us";

    /** Fixed-width UTC milliseconds, so the column sorts as text and always parses as an ISO-8601 instant. */
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static final CsvSchema SCHEMA = CsvSchema.builder()
            .addColumn("id")
            .addColumn("at")
            .addColumn("user")
            .addColumn("plan")
            .addColumn("namespace")
            .addColumn("model_asked")
            .addColumn("model")
            .addColumn("served_by")
            .addNumberColumn("tokens_in")
            .addNumberColumn("tokens_out")
            .addNumberColumn("cost_usd")
            .addNumberColumn("saved_usd")
            .addNumberColumn("latency_us")
            .build()
            .withHeader();

    // Thread-safe and costly to build: one for every export.
    private static final ObjectWriter WRITER = new CsvMapper()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .writerFor(Line.class)
            .with(SCHEMA);

    private final Writer target;
    private final SequenceWriter out;
    private long rows;

    private CsvExport(Writer target) throws IOException {
        this.target = target;
        this.out = WRITER.writeValues(target);
    }

    /** Starts an export to {@code w}. The header goes out with the first row, or on close if there is none. */
    public static CsvExport to(Writer w) throws IOException {
        return new CsvExport(Objects.requireNonNull(w, "w"));
    }

    /** Appends one row. */
    public void write(LedgerRow r) throws IOException {
        out.write(Line.of(r));
        rows++;
    }

    /** Rows written so far (the header not counted). */
    public long rows() {
        return rows;
    }

    /** Finishes the CSV (an empty export is still a header line) and flushes the writer, which stays open. */
    @Override
    public void close() throws IOException {
        out.close();
        target.flush();
    }

    /** {@code text}, with a leading {@code '} when a spreadsheet would take it for a formula. */
    static String text(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return switch (text.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r', '\n' -> "'" + text;
            default -> text;
        };
    }

    /** Plain decimal of the exact amount: "0.00001", not "1.0E-5" or a rounded "0.00". */
    private static BigDecimal amount(long micros) {
        return Micros.toUsd(micros).stripTrailingZeros();
    }

    /** One CSV line: the ledger row in export form (column names, ISO time, plain decimals). */
    @JsonPropertyOrder({"id", "at", "user", "plan", "namespace", "model_asked", "model", "served_by", "tokens_in",
            "tokens_out", "cost_usd", "saved_usd", "latency_us"})
    private record Line(@JsonProperty("id") String id,
                        @JsonProperty("at") String at,
                        @JsonProperty("user") String user,
                        @JsonProperty("plan") String plan,
                        @JsonProperty("namespace") String namespace,
                        @JsonProperty("model_asked") String modelAsked,
                        @JsonProperty("model") String model,
                        @JsonProperty("served_by") String servedBy,
                        @JsonProperty("tokens_in") int tokensIn,
                        @JsonProperty("tokens_out") int tokensOut,
                        @JsonProperty("cost_usd") BigDecimal costUsd,
                        @JsonProperty("saved_usd") BigDecimal savedUsd,
                        @JsonProperty("latency_us") long latencyMicros) {
        static Line of(LedgerRow r) {
            return new Line(r.id(), AT.format(Instant.ofEpochMilli(r.atMillis())), text(r.user()), text(r.plan()),
                    text(r.namespace()), text(r.modelAsked()), text(r.model()), r.servedBy(), r.tokensIn(), r.tokensOut(), amount(r.costMicros()),
                    amount(r.savedMicros()), r.latencyMicros());
        }
    }
}
