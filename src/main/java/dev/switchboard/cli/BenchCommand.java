package dev.switchboard.cli;

import dev.switchboard.console.FxFrameMonitor;
import dev.switchboard.console.Headless;
import dev.switchboard.console.MainView;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.replay.ReplayOptions;
import dev.switchboard.replay.ReplayRunner;
import dev.switchboard.workload.Workload;
import dev.switchboard.workload.WorkloadReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard bench ...}: measurements that need more than one replay. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchCommand.Console.class, LedgerBench.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Engine throughput with the console attached (headless, dashboard polling and rendering) against the same
     * replay with no console, runs alternating in one JVM, plus the FX thread's pulse time and runLater wait.
     */
    @Command(name = "console", mixinStandardHelpOptions = true,
            description = "Compare --max-rate replay throughput with and without the console attached, and "
                    + "measure the FX thread meanwhile. Prints JSON.")
    static final class Console implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--config", defaultValue = "sample-configs/bench.yaml",
                description = "Engine configuration (default: ${DEFAULT-VALUE}).")
        Path config;

        @Option(names = "--workload", required = true, description = "JSON Lines workload.")
        Path workload;

        @Option(names = "--rounds", defaultValue = "5",
                description = "Rounds, each one block of runs without the console and one with it "
                        + "(default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--runs-per-block", defaultValue = "30",
                description = "Replays of the workload in each block, the cache flushed before each, so a block "
                        + "lasts seconds rather than milliseconds (default: ${DEFAULT-VALUE}).")
        int runsPerBlock;

        @Override
        public Integer call() throws Exception {
            var err = spec.commandLine().getErr();
            if (!Files.isReadable(workload)) {
                err.println("switchboard: --workload: cannot read " + workload);
                return 2;
            }
            if (rounds < 1 || runsPerBlock < 1) {
                err.println("switchboard: --rounds and --runs-per-block must be at least 1");
                return 2;
            }
            ConfigFile file = Commands.configFile(config);
            Engine engine = Commands.startEngine(file, err);
            if (engine == null) {
                return 2;
            }
            Workload w = WorkloadReader.read(workload);
            ReplayOptions options = ReplayOptions.maxRate(ReplayOptions.DEFAULT_CONCURRENCY);
            Headless.start();
            List<Double> headless = new ArrayList<>();
            List<Double> withConsole = new ArrayList<>();
            List<FxFrameMonitor.Stats> fx = new ArrayList<>();
            try (engine) {
                // Warm-up, unmeasured: the engine headless, then the console once.
                block(engine, w, options, 3);
                try (FxFrameMonitor monitor = Headless.onFx(FxFrameMonitor::new)) {
                    for (int i = -1; i < rounds; i++) {
                        boolean measured = i >= 0;
                        double h = block(engine, w, options, runsPerBlock);
                        MainView view = Headless.openWindow(engine, file, 1340, 880);
                        Thread.sleep(500);
                        monitor.take(true);
                        double c = block(engine, w, options, runsPerBlock);
                        // Let the dashboard draw the block's last numbers inside the measured window.
                        Thread.sleep(2 * dev.switchboard.console.SnapshotPoller.PERIOD_MILLIS);
                        FxFrameMonitor.Stats s = monitor.take(!measured);
                        Headless.closeWindow(view);
                        if (measured) {
                            headless.add(h);
                            withConsole.add(c);
                            err.printf(Locale.ROOT, "round %d: headless %.0f req/s, console %.0f req/s, fx %s%n",
                                    i + 1, h, c, s.toJson());
                        }
                    }
                    fx.add(monitor.total());
                }
            } finally {
                Platform.exit();
            }
            double h = median(headless);
            double c = median(withConsole);
            spec.commandLine().getOut().printf(Locale.ROOT,
                    "{\"workload\": \"%s\", \"rounds\": %d, \"runs_per_block\": %d, \"headless_rps_median\": %.0f, "
                            + "\"console_rps_median\": %.0f, \"console_over_headless\": %.3f, \"fx\": %s}%n",
                    workload, rounds, runsPerBlock, h, c, c / h, fx.get(0).toJson());
            return 0;
        }

        /** Replays the workload {@code runs} times, the cache flushed before each; requests per second overall. */
        private static double block(Engine engine, Workload w, ReplayOptions options, int runs)
                throws InterruptedException {
            long requests = 0;
            double seconds = 0;
            for (int i = 0; i < runs; i++) {
                engine.cache().flushAll();
                var r = new ReplayRunner(engine, null).run(w, options);
                requests += r.requests();
                seconds += r.wallSeconds();
            }
            return requests / seconds;
        }

        private static double median(List<Double> xs) {
            List<Double> s = new ArrayList<>(xs);
            s.sort(null);
            int n = s.size();
            return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        }
    }
}
