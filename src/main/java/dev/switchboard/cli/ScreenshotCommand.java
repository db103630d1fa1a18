package dev.switchboard.cli;

import dev.switchboard.console.Headless;
import dev.switchboard.console.MainController;
import dev.switchboard.console.MainView;
import dev.switchboard.console.SnapshotPoller;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.replay.ReplayOptions;
import dev.switchboard.replay.ReplayRunner;
import dev.switchboard.workload.WorkloadReader;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard screenshot}: renders the console headless (no display needed) to a PNG. */
@Command(name = "screenshot", mixinStandardHelpOptions = true,
        description = "Render the console headless to a PNG, optionally after replaying a workload.")
final class ScreenshotCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE.png", required = true, description = "Where to write the PNG.")
    Path out;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "sample-configs/local.yaml",
            description = "Engine configuration (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--after-replay", paramLabel = "FILE", description = "Replay this workload first.")
    Path workload;

    @Option(names = "--speed", paramLabel = "N|max", defaultValue = "max",
            description = "Replay speed for --after-replay: a factor, or max (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--tab", defaultValue = "dashboard",
            description = "Which view: dashboard, traffic, cache, playground, limits, resilience, costs or budgets "
                    + "(default: ${DEFAULT-VALUE}).")
    String tab;

    @Option(names = "--size", defaultValue = "1340x880", description = "Window size WxH (default: ${DEFAULT-VALUE}).")
    String size;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        String[] wh = size.toLowerCase().split("x");
        int w;
        int h;
        try {
            w = Integer.parseInt(wh[0]);
            h = Integer.parseInt(wh[1]);
        } catch (RuntimeException e) {
            err.println("switchboard: --size: expected WIDTHxHEIGHT such as 1340x880, got '" + size + "'");
            return 2;
        }
        ReplayOptions options;
        try {
            options = speed.equalsIgnoreCase("max") ? ReplayOptions.maxRate(ReplayOptions.DEFAULT_CONCURRENCY)
                    : ReplayOptions.timed(Double.parseDouble(speed));
        } catch (IllegalArgumentException e) {
            err.println("switchboard: --speed: expected a positive factor or max, got '" + speed + "'");
            return 2;
        }
        if (workload != null && !Files.isReadable(workload)) {
            err.println("switchboard: --after-replay: cannot read " + workload);
            return 2;
        }
        ConfigFile file = Commands.configFile(config);
        Engine engine = Commands.startEngine(file, err);
        if (engine == null) {
            return 2;
        }
        Headless.start();
        try (engine) {
            MainView view = Headless.openWindow(engine, file, w, h);
            try (view) {
                if (workload != null) {
                    new ReplayRunner(engine, null).run(WorkloadReader.read(workload), options);
                }
                // After the replay, so a view that loads on showing (Costs) shows its results.
                Headless.onFx(() -> {
                    view.controller(MainController.class).select(tab);
                    return null;
                });
                // A few poll periods, so the tiles show the final numbers and a report has run.
                Thread.sleep(6 * SnapshotPoller.PERIOD_MILLIS);
                WritableImage image = Headless.onFx(() -> view.root().getScene().snapshot(null));
                BufferedImage png = SwingFXUtils.fromFXImage(image, null);
                Path parent = out.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                ImageIO.write(png, "png", new File(out.toString()));
                spec.commandLine().getOut().printf("wrote %s (%dx%d)%n", out, png.getWidth(), png.getHeight());
            }
        } finally {
            Platform.exit();
        }
        return 0;
    }
}
