package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.Engine;
import dev.switchboard.testsupport.TestConfigs;
import dev.switchboard.workload.GeneratorSpec;
import dev.switchboard.workload.WorkloadGenerator;
import eu.hansolo.tilesfx.Tile;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The console driven as an operator would, headless on Monocle. */
@ExtendWith(ApplicationExtension.class)
class ConsoleGuiTest {
    @TempDir
    Path dir;

    private Engine engine;
    private MainView view;
    private Path configPath;
    private GuiSupport.Console console;

    @Start
    void start(Stage stage) throws Exception {
        configPath = dir.resolve("console.yaml");
        console = GuiSupport.open(stage, configPath, """
                # a comment the editor will not keep, but the .bak will
                tiers:
                  l1: {enabled: true, ttl: 5m}
                  l3: {enabled: false}
                namespaces:
                  private: {policy: no-store}
                """ + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY);
        engine = console.engine();
        view = console.view();
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
    }

    private static <T extends Node> T find(FxRobot robot, String query) {
        return robot.lookup(query).query();
    }

    private static void retype(FxRobot robot, String query, String text) {
        TextInputControl field = find(robot, query);
        robot.interact(field::clear);
        robot.clickOn(field).write(text);
    }

    private static Tile tile(FxRobot robot, String title) {
        return robot.lookup((Node n) -> n instanceof Tile t && title.equals(t.getTitle())).query();
    }

    private static void ctrlEnter(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
    }

    @Test
    void dashboardShowsLiveNumbersOnceAReplayRuns(FxRobot robot) throws Exception {
        Path workload = dir.resolve("w.jsonl");
        try (Writer w = Files.newBufferedWriter(workload)) {
            WorkloadGenerator.write(WorkloadGenerator.generate(new GeneratorSpec(400, Duration.ofSeconds(2), 40, 1.1,
                    0.2, 10, Map.of("pro", 1.0), Map.of("gpt-4o-mini", 1.0), "s", 3, false)), w);
        }
        assertThat(tile(robot, "Requests").getValue()).isZero();

        robot.clickOn("Traffic");
        robot.interact(() -> {
            TextField path = find(robot, "#traffic #workloadPath");
            path.setText(workload.toString());
        });
        retype(robot, "#traffic #speed .text-field", "max rate");
        robot.clickOn("#traffic #startButton");
        Label status = find(robot, "#traffic #progressText");
        GuiSupport.await("the replay to finish", () -> status.getText().startsWith("Replay finished"));
        assertThat(status.getText()).contains("400 requests");
        // The report is a table of figures, not a text dump.
        javafx.scene.control.TableView<?> report = find(robot, "#traffic #report");
        assertThat(report.getItems()).isNotEmpty();
        assertThat(report.getItems().getFirst().toString()).contains("Requests", "400 in");

        robot.clickOn("Dashboard");
        GuiSupport.await("the requests tile to show 400", () -> tile(robot, "Requests").getValue() == 400);
        assertThat(tile(robot, "Spend since start").getValue()).isPositive();
        assertThat(((Label) find(robot, "#spendFigure")).getText()).startsWith("$");
        assertThat(tile(robot, "Saved by the cache").getValue()).isPositive();
        assertThat(((Label) find(robot, "#requestsFigure")).getText()).isEqualTo("400");
        // The three tiers in one tile.
        assertThat(((Label) find(robot, "#tierL1State")).getText()).isEqualTo("UP");
        assertThat(((Label) find(robot, "#tierL2State")).getText()).isEqualTo("OFF");
        assertThat(((Label) find(robot, "#tierL3State")).getText()).isEqualTo("OFF");
    }

    @Test
    void ttlEditIsValidatedWhereTypedAndAppliedToTheEngineAndFile(FxRobot robot) throws Exception {
        robot.clickOn("Cache");
        Button apply = find(robot, "#cache #applyButton");
        Label error = find(robot, "#cache #l1TtlError");
        TextField field = find(robot, "#cache #l1Ttl");
        double width = field.getWidth();

        retype(robot, "#cache #l1Ttl", "-5s");
        assertThat(error.getText()).isEqualTo("must be positive, got -5s");
        // The error takes the room beside the field, not the field's own.
        robot.interact(() -> error.setText("must be one of 30s, 5m, 2h or 1d; an unusually long reason, to be sure "
                + "that a message of any length leaves the field as wide as it was"));
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertThat(field.getWidth()).isEqualTo(width);
        assertThat(apply.isDisabled()).isTrue();

        retype(robot, "#cache #l1Ttl", "soon");
        assertThat(error.getText()).contains("got 'soon'");
        assertThat(apply.isDisabled()).isTrue();

        retype(robot, "#cache #l1Ttl", "10m");
        assertThat(error.getText()).isEmpty();
        assertThat(apply.isDisabled()).isFalse();
        robot.clickOn(apply);

        GuiSupport.await("the engine to take the new TTL",
                () -> engine.config().tiers().l1().ttl().equals(Duration.ofMinutes(10)));
        GuiSupport.await("the file to be written", () -> Files.readString(configPath).contains("ttl: 10m"));
        assertThat(GuiSupport.loader(configPath).load(configPath)).isEqualTo(engine.config());
        assertThat(Files.readString(dir.resolve("console.yaml.bak"))).contains("# a comment");

        retype(robot, "#cache #l1Ttl", "1m");
        robot.clickOn("#cache #revertButton");
        assertThat(find(robot, "#cache #l1Ttl").getClass()).isNotNull();
        assertThat(((TextField) find(robot, "#cache #l1Ttl")).getText()).isEqualTo("10m");
    }

    @Test
    void playgroundRoundTripShowsServedBy(FxRobot robot) throws Exception {
        robot.clickOn("Playground");
        robot.clickOn("#playground #userPrompt").write("What is Redis?");
        ctrlEnter(robot);
        Label servedBy = find(robot, "#playground #servedBy");
        GuiSupport.await("the first answer", () -> servedBy.getText().startsWith("provider"));
        assertThat(servedBy.getText()).isEqualTo("provider (gpt-4o-mini)");
        TextField key = find(robot, "#playground #cacheKey");
        assertThat(key.getText()).startsWith("gpt-4o-mini@2024-07-18/default/");

        robot.clickOn("#playground #sendButton");
        GuiSupport.await("the cached answer", () -> servedBy.getText().startsWith("L1"));
        assertThat(servedBy.getText()).isEqualTo("L1 cache (answer by gpt-4o-mini)");
        ListView<?> history = find(robot, "#playground #history");
        assertThat(history.getItems()).hasSize(2);

        robot.doubleClickOn(robot.lookup("#playground #history .list-cell").nth(0).queryAs(Node.class));
        GuiSupport.await("the re-run", () -> history.getItems().size() == 2 && servedBy.getText().startsWith("L1"));
    }

    @Test
    void badInputShowsAnErrorAndTheAppKeepsRunning(FxRobot robot) throws Exception {
        robot.clickOn("Playground");
        robot.clickOn("#playground #userPrompt");
        ctrlEnter(robot);
        Label formError = find(robot, "#playground #formError");
        assertThat(formError.getText()).isEqualTo("User prompt: type a question");

        robot.clickOn("#playground #userPrompt").write("hello");
        TextField temperature = find(robot, "#playground #temperature .text-field");
        robot.interact(temperature::clear);
        robot.clickOn(temperature).write("warm");
        assertThat(formError.getText()).isEqualTo("Temperature: a number from 0 to 2, got 'warm'");
        assertThat(((Button) find(robot, "#playground #sendButton")).isDisabled()).isTrue();
        // Leaving the field puts back the last good value; nothing is sent with a bad one.
        robot.clickOn("#playground #userPrompt");
        GuiSupport.await("the spinner to revert", () -> "0.0".equals(temperature.getText()) || "0".equals(temperature.getText()));
        assertThat(formError.getText()).isEmpty();

        robot.clickOn("Traffic");
        retype(robot, "#traffic #speed .text-field", "fast");
        robot.clickOn("#traffic #startButton");
        assertThat(((Label) find(robot, "#traffic #formError")).getText()).contains("Speed: enter a number");

        retype(robot, "#traffic #speed .text-field", "2");
        robot.interact(() -> ((TextField) find(robot, "#traffic #workloadPath")).setText(dir.resolve("missing.jsonl").toString()));
        robot.clickOn("#traffic #startButton");
        GuiSupport.await("the error banner", () -> view.context().notifier().lastMessage().contains("no such file"));
        Button start = find(robot, "#traffic #startButton");
        GuiSupport.await("Start to be enabled again", () -> !start.isDisabled());

        robot.clickOn("Cache");
        retype(robot, "#invalidation #key", "not-a-key");
        robot.clickOn("#invalidation #invalidateKeyButton");
        assertThat(((Label) find(robot, "#invalidation #formError")).getText()).startsWith("Key: not a cache key");
    }

    @Test
    void flushAsksForConfirmationAndReportsWhatWasRemoved(FxRobot robot) throws Exception {
        for (int i = 0; i < 3; i++) {
            engine.submit(dev.switchboard.engine.request.ChatRequest.builder().model("gpt-4o").prompt("q" + i).build());
        }
        robot.clickOn("Cache");
        ComboBox<String> target = find(robot, "#invalidation #flushTarget");
        assertThat(target.getValue()).isEqualTo("All tiers");
        robot.clickOn("#invalidation #flushButton");
        GuiSupport.await("the confirmation dialog", () -> robot.lookup("OK").tryQuery().isPresent());
        robot.clickOn("OK");
        ListView<String> results = find(robot, "#invalidation #results");
        GuiSupport.await("the result line", () -> !results.getItems().isEmpty());
        assertThat(results.getItems().get(0)).endsWith("Flush all tiers: removed 3 (L1 3)");
    }
}
