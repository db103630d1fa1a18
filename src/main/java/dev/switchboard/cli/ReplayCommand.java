package dev.switchboard.cli;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.replay.ReplayOptions;
import dev.switchboard.replay.ReplayReport;
import dev.switchboard.replay.ReplayRunner;
import dev.switchboard.workload.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code switchboard replay}: drives a workload through a headless engine and reports what the cache did. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a JSON Lines workload through the engine and report hits, cost and latency.")
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = Commands.CONFIG_HELP)
    Path config;

    @Option(names = "--workload", paramLabel = "FILE", required = true, description = "JSON Lines workload.")
    Path workload;

    @Option(names = "--speed", paramLabel = "N", defaultValue = "1",
            description = "Replay N times faster than the workload's timeline (default: ${DEFAULT-VALUE}); the "
                    + "replayed timeline must fit in 7 days.")
    double speed;

    @Option(names = "--max-rate", description = "Ignore at_ms and replay as fast as the engine answers.")
    boolean maxRate;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + ReplayOptions.DEFAULT_CONCURRENCY,
            description = "Requests in flight with --max-rate, at most " + ReplayOptions.MAX_CONCURRENCY
                    + " (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--cold", description = "Flush every cache tier before the run.")
    boolean cold;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "0",
            description = "Run the workload N times first, unreported, then flush every tier and measure: "
                    + "figures for a warmed-up JVM.")
    int warmup;

    @Option(names = "--metrics-port", paramLabel = "N", description = MetricsPort.HELP)
    Integer metricsPort;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        if (concurrency < 1 || concurrency > ReplayOptions.MAX_CONCURRENCY) {
            return Commands.refuse(spec, Commands.given("--concurrency", concurrency) + ": must be between 1 and "
                    + ReplayOptions.MAX_CONCURRENCY);
        }
        if (!maxRate && (!(speed > 0) || Double.isInfinite(speed))) {
            return Commands.refuse(spec, Commands.given("--speed", speed) + ": must be a positive number");
        }
        if (MetricsPort.problem(metricsPort) != null) {
            return Commands.refuse(spec, MetricsPort.problem(metricsPort));
        }
        if (warmup < 0) {
            return Commands.refuse(spec, Commands.given("--warmup", warmup) + ": must be zero or more");
        }
        ReplayOptions options = maxRate ? new ReplayOptions(1, true, concurrency, cold)
                : new ReplayOptions(speed, false, ReplayOptions.MAX_CONCURRENCY, cold);
        Workload w = Commands.readWorkload(spec, "--workload", workload);
        if (w == null) {
            return 2;
        }
        String tooLong = maxRate ? null : Commands.timelineProblem(workload, w, speed);
        if (tooLong != null) {
            return Commands.refuse(spec, tooLong);
        }
        ConfigFile file = Commands.configFile(spec, config);
        Engine started = file == null ? null : Commands.startEngine(file, err);
        if (started == null) {
            return 2;
        }
        dev.switchboard.gateway.MetricsServer metrics;
        try {
            metrics = MetricsPort.start(started, metricsPort, err);
        } catch (IllegalStateException e) {
            started.close();
            return Commands.refuse(spec, e.getMessage());
        }
        try (Engine engine = started; var m = metrics) {
            for (int i = 0; i < warmup; i++) {
                new ReplayRunner(engine, null).run(w, options);
            }
            if (warmup > 0) {
                engine.cache().flushAll();
            }
            long ledgerBefore = engine.ledger().snapshot().recorded();
            ProgressLine progress = new ProgressLine(err, System.console() != null);
            ReplayReport report = new ReplayRunner(engine, progress).run(w, options);
            progress.finish();
            out.println(json ? report.toJson() : report.toTable());
            reportLedger(engine, report, ledgerBefore, err);
        }
        out.flush();
        return 0;
    }

    /** Whether the ledger kept up: how long after the last answer its last record reached SQL. */
    private static void reportLedger(Engine engine, ReplayReport report, long before, PrintWriter err) {
        if (engine.ledger().snapshot().state().equals("OFF")) {
            return;
        }
        long t = System.nanoTime();
        boolean drained = engine.ledger().flush(java.time.Duration.ofSeconds(60));
        double drainSecs = (System.nanoTime() - t) / 1e9;
        var l = engine.ledger().snapshot();
        long run = l.recorded() - before;
        double wall = report.wallSeconds() + drainSecs;
        err.printf(Locale.ROOT, "ledger: %,d records this run, all in SQL %.3f s after the last answer: %,.0f "
                        + "records/s from the first answer to the last record written%s%n", run, drainSecs,
                run / Math.max(wall, 1e-9), drained ? "" : "; NOT all written: " + l.reason());
    }

    /** A one-line progress display on stderr, redrawn at most 4 times a second, only on a terminal. */
    private static final class ProgressLine implements ReplayRunner.Progress {
        private final PrintWriter err;
        private final boolean enabled;
        private final long start = System.nanoTime();
        private volatile long lastDraw;

        ProgressLine(PrintWriter err, boolean enabled) {
            this.err = err;
            this.enabled = enabled;
        }

        @Override
        public void update(long done, long total) {
            long now = System.nanoTime();
            if (!enabled || now - lastDraw < 250_000_000L) {
                return;
            }
            synchronized (this) {
                if (now - lastDraw < 250_000_000L) {
                    return;
                }
                lastDraw = now;
                double secs = (now - start) / 1e9;
                double rate = done / Math.max(secs, 1e-9);
                double left = rate > 0 ? (total - done) / rate : 0;
                int width = 30;
                int filled = (int) (width * done / Math.max(1, total));
                err.printf(Locale.ROOT, "\r[%s%s] %,d/%,d  %,.0f req/s  %.0f s left ", "#".repeat(filled),
                        " ".repeat(width - filled), done, total, rate, left);
                err.flush();
            }
        }

        void finish() {
            if (enabled) {
                err.print("\r" + " ".repeat(80) + "\r");
                err.flush();
            }
        }
    }
}
