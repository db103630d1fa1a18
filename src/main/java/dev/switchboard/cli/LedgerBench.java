package dev.switchboard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.cost.CostEvent;
import dev.switchboard.engine.cost.CostReport;
import dev.switchboard.engine.cost.Ledger;
import dev.switchboard.engine.cost.LedgerQueries;
import dev.switchboard.engine.cost.ReportQuery;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.report.CsvExport;
import dev.switchboard.report.PdfReport;
import dev.switchboard.store.Urls;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard bench ledger}: how fast the ledger takes and writes records, and how fast a report over them
 * runs. The records are synthetic and dated January 2020, a month no real traffic uses; they are deleted at the
 * end unless {@code --keep}.
 */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "Record N synthetic events through the ledger into its database, then time a month's report "
                + "(summary, PDF, CSV) over them. Prints JSON.")
final class LedgerBench implements Callable<Integer> {
    private static final Instant MONTH = Instant.parse("2020-01-01T00:00:00Z");
    private static final Instant NEXT_MONTH = Instant.parse("2020-02-01T00:00:00Z");
    static final int MAX_THREADS = 256;
    private static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet", "claude-3-5-haiku"};

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", defaultValue = "sample-configs/bench-ledger.yaml",
            description = "Configuration naming the ledger (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--events", defaultValue = "1000000",
            description = "Records to write, at least 1 (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--threads", defaultValue = "4",
            description = "Threads recording, 1 to " + MAX_THREADS + " (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--keep", description = "Leave the records in the database.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        if (events < 1) {
            return Commands.refuse(spec, Commands.given("--events", events) + ": must be at least 1");
        }
        if (threads < 1 || threads > MAX_THREADS) {
            return Commands.refuse(spec, Commands.given("--threads", threads) + ": must be between 1 and "
                    + MAX_THREADS);
        }
        SwitchboardConfig cfg;
        try {
            cfg = Commands.configFile(spec, config).load();
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("switchboard: config error: " + e.getMessage());
            return 2;
        }
        if (!cfg.ledger().enabled()) {
            spec.commandLine().getErr().println("switchboard: " + config + " has no ledger to measure");
            return 2;
        }
        ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("database", Urls.redact(cfg.ledger().url()));
        out.put("events", events);
        try (Ledger ledger = Ledger.open(cfg.ledger(), cfg::budgets, InstantSource.system())) {
            LedgerQueries q = ledger.queries();
            q.deleteRange(MONTH, NEXT_MONTH);

            long t0 = System.nanoTime();
            List<Thread> workers = new ArrayList<>();
            int per = events / threads;
            for (int t = 0; t < threads; t++) {
                int from = t * per;
                int to = t == threads - 1 ? events : from + per;
                workers.add(Thread.ofPlatform().start(() -> record(ledger, from, to, events)));
            }
            for (Thread w : workers) {
                w.join();
            }
            long recordedAt = System.nanoTime();
            if (!ledger.flush(Duration.ofMinutes(10))) {
                throw new IllegalStateException("the ledger did not finish writing: " + ledger.snapshot().reason());
            }
            long writtenAt = System.nanoTime();
            out.put("record_seconds", secs(recordedAt - t0));
            out.put("recorded_per_second", Math.round(events / secs(recordedAt - t0)));
            out.put("write_seconds", secs(writtenAt - t0));
            out.put("written_per_second", Math.round(events / secs(writtenAt - t0)));

            ReportQuery month = ReportQuery.between(MONTH, NEXT_MONTH);
            List<Double> summaries = new ArrayList<>();
            CostReport report = null;
            for (int i = 0; i < 3; i++) {
                long s = System.nanoTime();
                report = q.summarize(month);
                summaries.add(secs(System.nanoTime() - s));
            }
            out.putPOJO("summary_seconds", summaries);
            // A filtered report cannot use the running totals: it reads the records themselves.
            List<Double> scans = new ArrayList<>();
            CostReport filtered = null;
            for (int i = 0; i < 3; i++) {
                long s0 = System.nanoTime();
                filtered = q.summarize(new ReportQuery(MONTH, NEXT_MONTH, null, null, "free"));
                scans.add(secs(System.nanoTime() - s0));
            }
            out.putPOJO("filtered_summary_seconds", scans);
            out.put("filtered_requests", filtered.totals().requests());
            out.put("report_requests", report.totals().requests());
            Path pdf = Files.createTempFile("switchboard-bench", ".pdf");
            long s = System.nanoTime();
            CostReport fresh = q.summarize(month);
            try (OutputStream os = Files.newOutputStream(pdf)) {
                PdfReport.write(fresh, os);
            }
            out.put("summary_and_pdf_seconds", secs(System.nanoTime() - s));
            out.put("pdf_bytes", Files.size(pdf));
            Files.delete(pdf);
            Path csv = Files.createTempFile("switchboard-bench", ".csv");
            s = System.nanoTime();
            long rows;
            try (BufferedWriter w = Files.newBufferedWriter(csv); CsvExport e = CsvExport.to(w)) {
                rows = q.stream(month, e::write);
            }
            out.put("csv_seconds", secs(System.nanoTime() - s));
            out.put("csv_rows", rows);
            out.put("csv_bytes", Files.size(csv));
            Files.delete(csv);
            if (!keep) {
                q.deleteRange(MONTH, NEXT_MONTH);
            }
        }
        spec.commandLine().getOut().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        return 0;
    }

    /**
     * Events in time order across the month, as traffic arrives (each thread records its own stretch of the
     * month): users u0..u999, four models, six in ten answered from a cache.
     */
    private static void record(Ledger ledger, int from, int to, int total) {
        SplittableRandom rnd = new SplittableRandom(from);
        long span = NEXT_MONTH.toEpochMilli() - MONTH.toEpochMilli();
        for (int i = from; i < to; i++) {
            String model = MODELS[rnd.nextInt(MODELS.length)];
            boolean hit = rnd.nextInt(10) < 6;
            int in = 50 + rnd.nextInt(400);
            int outTokens = 20 + rnd.nextInt(300);
            long price = Math.round(in * 2.5 + outTokens * 10); // micro-dollars at $2.50 / $10 per 1M tokens
            ledger.record(new CostEvent(MONTH.toEpochMilli() + (long) ((double) i / total * span),
                    "u" + rnd.nextInt(1000),
                    rnd.nextInt(4) == 0 ? "pro" : "free", "default", model, model,
                    hit ? ServedBy.L1 : ServedBy.PROVIDER, in, outTokens, hit ? 0 : price, hit ? price : 0,
                    hit ? 5 : 300_000));
        }
    }

    private static double secs(long nanos) {
        return Math.round(nanos / 1e6) / 1e3;
    }
}
