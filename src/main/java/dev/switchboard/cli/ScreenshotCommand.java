package dev.switchboard.cli;

import dev.switchboard.console.Headless;
import dev.switchboard.console.MainController;
import dev.switchboard.console.MainView;
import dev.switchboard.console.SnapshotPoller;
import dev.switchboard.console.costs.CostsController;
import dev.switchboard.console.traffic.TrafficController;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.gateway.keys.KeyStore;
import dev.switchboard.replay.ReplayOptions;
import dev.switchboard.replay.ReplayReport;
import dev.switchboard.replay.ReplayRunner;
import dev.switchboard.workload.Workload;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    @Option(names = "--out", paramLabel = "FILE.png", required = true,
            description = "Where to write the PNG; its directory must exist.")
    Path out;

    @Option(names = "--config", paramLabel = "FILE", description = Commands.CONFIG_HELP)
    Path config;

    @Option(names = "--after-replay", paramLabel = "FILE", description = "Replay this workload first.")
    Path workload;

    @Option(names = "--speed", paramLabel = "N|max", defaultValue = "max",
            description = "Replay speed for --after-replay: a factor, or max (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--tab", defaultValue = "dashboard",
            description = "Which view: dashboard, traffic, cache, semantic (the Cache tab's semantic section), "
                    + "playground, limits, resilience, costs, budgets, keys, parsing, guardrails, alerts, routing, "
                    + "requests or inspector (the Requests tab with the newest provider-answered request opened) "
                    + "(default: ${DEFAULT-VALUE}).")
    String tab;

    @Option(names = "--size", defaultValue = "1340x880",
            description = "Window size WxH, each side 200 to 7680 pixels (default: ${DEFAULT-VALUE}).")
    String size;

    /** The smallest and largest window side --size takes, in pixels. */
    static final int MIN_SIDE = 200;
    static final int MAX_SIDE = 7680;
    private static final Pattern SIZE = Pattern.compile("(\\d{1,6})[xX](\\d{1,6})");

    /** How long the picture of the Costs tab waits for its report. */
    static final java.time.Duration REPORT_WAIT = java.time.Duration.ofSeconds(60);

    /** Waits for the Costs tab's report to be on screen (it runs when the tab is shown), then one more frame. */
    private static boolean awaitReport(MainView view) throws Exception {
        long deadline = System.nanoTime() + REPORT_WAIT.toNanos();
        CostsController costs = view.controller(CostsController.class);
        while (System.nanoTime() < deadline) {
            if (Headless.onFx(costs::hasReport)) {
                Thread.sleep(2 * SnapshotPoller.PERIOD_MILLIS);
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Override
    public Integer call() throws Exception {
        Matcher wh = SIZE.matcher(size.strip());
        String sizeRule = ": expected WIDTHxHEIGHT such as 1340x880, each side between " + MIN_SIDE + " and "
                + MAX_SIDE + " pixels";
        if (!wh.matches()) {
            return Commands.refuse(spec, Commands.given("--size", size) + sizeRule);
        }
        int w = Integer.parseInt(wh.group(1));
        int h = Integer.parseInt(wh.group(2));
        if (w < MIN_SIDE || w > MAX_SIDE || h < MIN_SIDE || h > MAX_SIDE) {
            return Commands.refuse(spec, Commands.given("--size", size) + sizeRule);
        }
        String tabName = tab.strip().toLowerCase(Locale.ROOT);
        if (!MainController.TABS.contains(tabName)) {
            return Commands.refuse(spec, Commands.given("--tab", tab) + ": no such tab; expected one of "
                    + String.join(", ", MainController.TABS));
        }
        ReplayOptions options;
        try {
            options = speed.equalsIgnoreCase("max") ? ReplayOptions.maxRate(ReplayOptions.DEFAULT_CONCURRENCY)
                    : ReplayOptions.timed(Double.parseDouble(speed));
        } catch (IllegalArgumentException e) {
            return Commands.refuse(spec, Commands.given("--speed", speed) + ": expected a positive factor or max");
        }
        if (Commands.checkOut(spec, "--out", out) != 0) {
            return 2;
        }
        Workload replay = null;
        if (workload != null) {
            replay = Commands.readWorkload(spec, "--after-replay", workload);
            if (replay == null) {
                return 2;
            }
            String tooLong = options.maxRate() ? null : Commands.timelineProblem(workload, replay, options.speed());
            if (tooLong != null) {
                return Commands.refuse(spec, tooLong);
            }
        }
        ConfigFile file = Commands.configFile(spec, config);
        Engine engine = file == null ? null : Commands.startEngine(file, spec.commandLine().getErr());
        if (engine == null) {
            return 2;
        }
        Headless.start();
        try (engine; KeyStore keys = MainView.openKeys(engine)) {
            MainView view = Headless.openWindow(engine, file, keys, w, h);
            try (view) {
                if (replay != null) {
                    ReplayReport report = new ReplayRunner(engine, null).run(replay, options);
                    // The Traffic tab shows the run as if it had been started there, not "Idle".
                    Headless.onFx(() -> {
                        TrafficController traffic = view.controller(TrafficController.class);
                        traffic.setWorkload(workload.toAbsolutePath().toString());
                        traffic.showReport(report, "finished");
                        return null;
                    });
                }
                // After the replay, so a view that loads on showing (Costs) shows its results.
                Headless.onFx(() -> {
                    view.controller(MainController.class).select(tabName);
                    return null;
                });
                // A few poll periods, so the tiles show the final numbers.
                Thread.sleep(6 * SnapshotPoller.PERIOD_MILLIS);
                if (tabName.equals("costs") && !awaitReport(view)) {
                    spec.commandLine().getErr().println("switchboard: the cost report did not finish within "
                            + REPORT_WAIT.toSeconds() + " s; the picture shows it loading");
                }
                WritableImage image = Headless.onFx(() -> view.root().getScene().snapshot(null));
                BufferedImage png = SwingFXUtils.fromFXImage(image, null);
                ImageIO.write(png, "png", new File(out.toString()));
                spec.commandLine().getOut().printf("wrote %s (%dx%d)%n", out, png.getWidth(), png.getHeight());
            }
        } finally {
            Platform.exit();
        }
        return 0;
    }
}
