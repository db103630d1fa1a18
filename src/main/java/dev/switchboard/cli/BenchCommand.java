package dev.switchboard.cli;

import dev.switchboard.console.FxFrameMonitor;
import dev.switchboard.console.Headless;
import dev.switchboard.console.MainView;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.engine.config.ConfigLoader;
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
import javafx.scene.Scene;
import javafx.stage.Stage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard bench ...}: measurements that need more than one replay. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchCommand.Console.class})
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
                description = "Pairs of runs, with and without the console (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Override
        public Integer call() throws Exception {
            var err = spec.commandLine().getErr();
            if (!Files.isReadable(workload)) {
                err.println("switchboard: --workload: cannot read " + workload);
                return 2;
            }
            if (rounds < 1) {
                err.println("switchboard: --rounds must be at least 1");
                return 2;
            }
            ConfigFile file = new ConfigFile(config, new ConfigLoader());
            Engine engine;
            try {
                engine = Engine.start(file.load());
            } catch (ConfigException e) {
                err.println("switchboard: config error: " + e.getMessage());
                return 2;
            }
            Workload w = WorkloadReader.read(workload);
            ReplayOptions options = ReplayOptions.maxRate(ReplayOptions.DEFAULT_CONCURRENCY);
            Headless.start();
            List<Double> headless = new ArrayList<>();
            List<Double> withConsole = new ArrayList<>();
            FxFrameMonitor.Stats fx;
            try (engine) {
                // Warm-up, unmeasured.
                for (int i = 0; i < 3; i++) {
                    run(engine, w, options);
                }
                FxFrameMonitor monitor = ScreenshotCommand.onFx(FxFrameMonitor::new);
                try (monitor) {
                    for (int i = 0; i < rounds; i++) {
                        headless.add(run(engine, w, options));
                        MainView view = ScreenshotCommand.onFx(() -> {
                            MainView v = MainView.create(engine, file);
                            Stage stage = new Stage();
                            stage.setScene(new Scene(v.root(), 1340, 880));
                            stage.show();
                            return v;
                        });
                        Thread.sleep(500);
                        monitor.take();
                        withConsole.add(run(engine, w, options));
                        fx = monitor.take();
                        spec.commandLine().getErr().printf(Locale.ROOT, "round %d: headless %.0f req/s, console %.0f req/s, %s%n",
                                i + 1, headless.get(i), withConsole.get(i), fx.toJson());
                        ScreenshotCommand.onFx(() -> {
                            view.close();
                            view.root().getScene().getWindow().hide();
                            return null;
                        });
                    }
                    ScreenshotCommand.onFx(() -> null);
                }
                // A last console run measured for the FX figures over all rounds.
                fx = null;
            } finally {
                Platform.exit();
            }
            double h = median(headless);
            double c = median(withConsole);
            spec.commandLine().getOut().printf(Locale.ROOT,
                    "{\"workload\": \"%s\", \"rounds\": %d, \"headless_rps_median\": %.0f, \"console_rps_median\": %.0f, "
                            + "\"console_over_headless\": %.3f}%n", workload, rounds, h, c, c / h);
            return 0;
        }

        private static double run(Engine engine, Workload w, ReplayOptions options) throws InterruptedException {
            engine.cache().flushAll();
            return new ReplayRunner(engine, null).run(w, options).throughputRps();
        }

        private static double median(List<Double> xs) {
            List<Double> s = new ArrayList<>(xs);
            s.sort(null);
            int n = s.size();
            return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        }
    }
}
