package dev.switchboard.cli;

import dev.switchboard.console.ConsoleApp;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard console} (also the default with no command): the desktop console with the engine in-process. */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = "Open the console window with the engine running in-process (the default command).")
final class ConsoleCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = Commands.CONFIG_HELP)
    Path config;

    @Option(names = "--serve", paramLabel = "PORT",
            description = "Also serve the console's engine over HTTP on 127.0.0.1:PORT, as `switchboard serve` "
                    + "does (the status bar's Gateway switch turns it off and on).")
    Integer serve;

    @Option(names = "--metrics-port", paramLabel = "N", description = MetricsPort.HELP)
    Integer metricsPort;

    @Override
    public Integer call() {
        if (serve != null && (serve < 1 || serve > 65_535)) {
            return Commands.refuse(spec, Commands.given("--serve", serve) + ": must be a port between 1 and 65535");
        }
        if (MetricsPort.problem(metricsPort) != null) {
            return Commands.refuse(spec, MetricsPort.problem(metricsPort));
        }
        return open(spec, config, serve, metricsPort);
    }

    static int open(CommandLine.Model.CommandSpec spec, Path config) {
        return open(spec, config, null);
    }

    static int open(CommandLine.Model.CommandSpec spec, Path config, Integer serve) {
        return open(spec, config, serve, null);
    }

    static int open(CommandLine.Model.CommandSpec spec, Path config, Integer serve, Integer metricsPort) {
        java.io.PrintWriter err = spec.commandLine().getErr();
        var file = Commands.configFile(spec, config);
        if (file == null) {
            return 2;
        }
        try {
            // The window's size, place, tab and workload, remembered under SWITCHBOARD_HOME.
            ConsoleApp.launch(file.path(), serve, metricsPort, DefaultConfig.home(Commands.env(spec))
                    .resolve(dev.switchboard.console.WindowState.FILE));
            return 0;
        } catch (RuntimeException e) {
            // Most often: no display to open a window on.
            err.println("switchboard: cannot open the console window: " + e.getMessage()
                    + ". Set DISPLAY, or use the headless commands (replay, screenshot).");
            return 1;
        }
    }
}
