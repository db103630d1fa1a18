package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.console.whatif.WhatIfRows;
import dev.switchboard.console.whatif.Workloads;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.testsupport.TestConfigs;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Try before apply" from the Cache tab's TTL editor over a real engine: a shorter L1 TTL tried on a workload with
 * repeats shows the two reports with the hit rate worse (and the chart with both series), and Apply applies it and
 * saves the file; Discard leaves the engine and the file as they were; Cancel stops a long run, which then shows
 * partial figures. Renders the window to {@code target/screenshots/what-if.png}.
 */
@ExtendWith(ApplicationExtension.class)
class WhatIfGuiTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    Path dir;

    private Path configPath;
    private GuiSupport.Console console;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> new ArrayList<>(Window.getWindows()).stream()
                .filter(w -> w != stage).forEach(Window::hide)).get(10, TimeUnit.SECONDS);
        if (console != null) {
            console.close();
        }
    }

    private Engine open(String yaml) throws Exception {
        configPath = dir.resolve("whatif.yaml");
        console = WaitForAsyncUtils.asyncFx(() -> GuiSupport.open(stage, configPath, yaml)).get(30, TimeUnit.SECONDS);
        return console.engine();
    }

    /** {@code n} requests, one every {@code stepMs}, over {@code distinct} prompts (so the rest can be hits). */
    private Path workload(String name, int n, int distinct, int stepMs) throws Exception {
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lines.add(String.format(Locale.ROOT, "{\"at_ms\":%d,\"user\":\"u-%d\",\"model\":\"gpt-4o-mini\","
                    + "\"prompt\":\"Question number %d?\",\"temperature\":0.0,\"max_tokens\":64}", i * stepMs, i % 7,
                    i % distinct));
        }
        Path p = dir.resolve(name);
        Files.write(p, lines);
        return p;
    }

    private static <T extends Node> T find(FxRobot robot, String query) {
        return robot.lookup(query).query();
    }

    private void tryShorterTtl(FxRobot robot, boolean byKeyboard) throws Exception {
        robot.interact(() -> console.view().controller(MainController.class).select("cache"));
        robot.interact(() -> ((TextField) find(robot, "#l1Ttl")).setText("1s"));
        if (byKeyboard) {
            robot.interact(() -> find(robot, "#l1Ttl").requestFocus());
            robot.press(KeyCode.CONTROL).press(KeyCode.T).release(KeyCode.T).release(KeyCode.CONTROL);
        } else {
            fire(robot, "#ttlTry");
        }
        GuiSupport.await("the two reports", () -> robot.lookup("#whatifTable").tryQuery().isPresent()
                && !((TableView<?>) find(robot, "#whatifTable")).getItems().isEmpty());
    }

    /** Presses a button as a click would, without moving the robot's mouse across the screen. */
    private static void fire(FxRobot robot, String query) {
        robot.interact(() -> ((javafx.scene.control.ButtonBase) find(robot, query)).fire());
    }

    private static WhatIfRows.Row row(FxRobot robot, String metric) {
        TableView<WhatIfRows.Row> t = find(robot, "#whatifTable");
        return t.getItems().stream().filter(r -> r.metric().equals(metric)).findFirst().orElseThrow();
    }

    private Duration savedL1Ttl() throws Exception {
        return new ConfigFile(configPath, GuiSupport.loader(configPath)).load().tiers().l1().ttl();
    }

    @Test
    void aShorterTtlTriedFromTheCacheTabShowsBothReportsAndApplyAppliesIt(FxRobot robot) throws Exception {
        Engine engine = open(TestConfigs.L1_ONLY + "ledger: {enabled: false}\n");
        // 600 requests over 60 s on 20 prompts: with 5 m every repeat is a hit, with 1 s none is.
        Workloads.remember(workload("repeats.jsonl", 600, 20, 100));
        tryShorterTtl(robot, true);

        WhatIfRows.Row hitRate = row(robot, "hit_rate");
        assertThat(hitRate.verdict()).isEqualTo(WhatIfRows.Verdict.WORSE);
        assertThat(row(robot, "provider_calls").current()).isEqualTo("20");
        assertThat(row(robot, "provider_calls").verdict()).isEqualTo(WhatIfRows.Verdict.WORSE);
        assertThat(row(robot, "cost_usd").verdict()).isEqualTo(WhatIfRows.Verdict.WORSE);
        assertThat(((Label) find(robot, "#whatifSummary")).getText()).startsWith("600 requests through both engines");
        LineChart<?, ?> chart = find(robot, "#whatifChart");
        assertThat(chart.getData()).hasSize(2);
        assertThat(chart.getData().get(0).getData()).hasSize(60);
        // Nothing applied yet: the draft is only tried.
        assertThat(engine.config().tiers().l1().ttl()).isEqualTo(Duration.ofMinutes(5));
        png(find(robot, "#whatifTable").getScene(), "what-if.png");

        fire(robot, "#whatifApply");
        GuiSupport.await("the draft applied", () -> engine.config().tiers().l1().ttl().equals(Duration.ofSeconds(1)));
        GuiSupport.await("the file saved", () -> savedL1Ttl().equals(Duration.ofSeconds(1)));
        assertThat(robot.lookup("#whatifTable").tryQuery()).isEmpty();
    }

    @Test
    void discardLeavesTheConfigAndTheFileAsTheyWere(FxRobot robot) throws Exception {
        Engine engine = open(TestConfigs.L1_ONLY + "ledger: {enabled: false}\n");
        Workloads.remember(workload("repeats.jsonl", 200, 10, 100));
        String before = Files.readString(configPath);
        tryShorterTtl(robot, false);

        fire(robot, "#whatifDiscard");
        GuiSupport.await("the window closed", () -> robot.lookup("#whatifTable").tryQuery().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(engine.config().tiers().l1().ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(Files.readString(configPath)).isEqualTo(before);
        // The draft stays in the editor, still unapplied.
        assertThat(((TextField) find(robot, "#l1Ttl")).getText()).isEqualTo("1s");
    }

    @Test
    void cancelStopsALongRunAndShowsWhatWasSent(FxRobot robot) throws Exception {
        // 200 ms per provider call: 20,000 distinct requests at 64 in flight would take a minute a side.
        open(TestConfigs.L1_ONLY.replace(TestConfigs.ZERO_LATENCY, "")
                + "simulated:\n  latency: {median: 200ms, p99: 250ms}\nledger: {enabled: false}\n");
        Workloads.remember(workload("long.jsonl", 20_000, 20_000, 5));
        robot.interact(() -> console.view().controller(MainController.class).select("cache"));
        robot.interact(() -> ((TextField) find(robot, "#l1Ttl")).setText("1s"));
        fire(robot, "#ttlTry");
        GuiSupport.await("the run under way", () -> robot.lookup("#whatifProgress").tryQuery().isPresent()
                && ((ProgressBar) find(robot, "#whatifProgress")).getProgress() > 0);
        fire(robot, "#whatifCancel");
        GuiSupport.await("the partial reports", () -> !((TableView<?>) find(robot, "#whatifTable")).getItems()
                .isEmpty());
        assertThat(((Label) find(robot, "#whatifStatus")).getText()).startsWith("Cancelled");
        assertThat(((Label) find(robot, "#whatifSummary")).getText()).contains("cancelled");
        long calls = Long.parseLong(row(robot, "provider_calls").current().replace(",", ""));
        assertThat(calls).isLessThan(20_000);
    }

    private static void png(Scene scene, String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        var image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", new File(SCREENSHOTS.resolve(name).toString()));
    }
}
