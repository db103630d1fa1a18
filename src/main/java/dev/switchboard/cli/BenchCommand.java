package dev.switchboard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.console.FxFrameMonitor;
import dev.switchboard.console.Headless;
import dev.switchboard.console.MainView;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.replay.ReplayOptions;
import dev.switchboard.workload.Workload;
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
        subcommands = {BenchCommand.Console.class, LedgerBench.class, AuditBench.class, TelemetryBench.class})
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

        @Option(names = "--tab", defaultValue = "dashboard",
                description = "The tab shown while the console is attached, as screenshot --tab names them "
                        + "(requests: the live request log) (default: ${DEFAULT-VALUE}).")
        String tab;

        @Option(names = "--speed", paramLabel = "N|max", defaultValue = "max",
                description = "Replay speed: max (as fast as the engine answers), or a factor over the workload's "
                        + "own timeline, so a workload generated with --rate 5000 at 1 is 5,000 requests/s "
                        + "(default: ${DEFAULT-VALUE}).")
        String speed;

        @Override
        public Integer call() throws Exception {
            var err = spec.commandLine().getErr();
            if (rounds < 1) {
                return Commands.refuse(spec, Commands.given("--rounds", rounds) + ": must be at least 1");
            }
            if (runsPerBlock < 1) {
                return Commands.refuse(spec, Commands.given("--runs-per-block", runsPerBlock) + ": must be at least 1");
            }
            String tabName = tab.strip().toLowerCase(Locale.ROOT);
            if (!dev.switchboard.console.MainController.TABS.contains(tabName)) {
                return Commands.refuse(spec, Commands.given("--tab", tab) + ": no such tab; expected one of "
                        + String.join(", ", dev.switchboard.console.MainController.TABS));
            }
            ReplayOptions options;
            try {
                options = speed.equalsIgnoreCase("max") ? ReplayOptions.maxRate(ReplayOptions.DEFAULT_CONCURRENCY)
                        : ReplayOptions.timed(Double.parseDouble(speed));
            } catch (IllegalArgumentException e) {
                return Commands.refuse(spec, Commands.given("--speed", speed) + ": expected a positive factor or max");
            }
            Workload w = Commands.readWorkload(spec, "--workload", workload);
            if (w == null) {
                return 2;
            }
            ConfigFile file = Commands.configFile(spec, config);
            Engine engine = Commands.startEngine(file, err);
            if (engine == null) {
                return 2;
            }
            Headless.start();
            List<Double> headless = new ArrayList<>();
            List<Double> withConsole = new ArrayList<>();
            List<FxFrameMonitor.Stats> fx = new ArrayList<>();
            try (engine) {
                // Warm-up, unmeasured: the engine headless, then the console once.
                BenchBlocks.block(engine, w, options, 3);
                try (FxFrameMonitor monitor = Headless.onFx(FxFrameMonitor::new)) {
                    for (int i = -1; i < rounds; i++) {
                        boolean measured = i >= 0;
                        double h = BenchBlocks.block(engine, w, options, runsPerBlock);
                        MainView view = Headless.openWindow(engine, file, 1340, 880);
                        Headless.onFx(() -> {
                            view.controller(dev.switchboard.console.MainController.class).select(tabName);
                            return null;
                        });
                        Thread.sleep(500);
                        monitor.take(true);
                        double c = BenchBlocks.block(engine, w, options, runsPerBlock);
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
            spec.commandLine().getOut().println(summary(workload.toString(), tabName, speed, rounds, runsPerBlock,
                    BenchBlocks.median(headless), BenchBlocks.median(withConsole), fx.get(0).toJson()));
            return 0;
        }

        /**
         * The result as one JSON object. A figure that is not a number (a workload with no usable line gives 0 req/s,
         * and 0 / 0) is written as null, never as NaN or Infinity, which are not JSON.
         */
        static String summary(String workload, String tab, String speed, int rounds, int runsPerBlock,
                              double headlessRps, double consoleRps, String fxJson) throws java.io.IOException {
            ObjectMapper json = new ObjectMapper();
            ObjectNode o = json.createObjectNode();
            o.put("workload", workload);
            o.put("tab", tab);
            o.put("speed", speed);
            o.put("rounds", rounds);
            o.put("runs_per_block", runsPerBlock);
            putFinite(o, "headless_rps_median", Math.rint(headlessRps));
            putFinite(o, "console_rps_median", Math.rint(consoleRps));
            putFinite(o, "console_over_headless", Math.rint(consoleRps / headlessRps * 1000) / 1000);
            o.set("fx", json.readTree(fxJson));
            return json.writeValueAsString(o);
        }

        private static void putFinite(ObjectNode o, String field, double v) {
            if (Double.isFinite(v)) {
                o.put(field, v);
            } else {
                o.putNull(field);
            }
        }
    }
}
