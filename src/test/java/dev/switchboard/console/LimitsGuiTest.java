package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.error.RateLimitedException;
import dev.switchboard.engine.limit.Lockout;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The Limits tab driven as an operator would: edit a plan in its table, apply, clear a lockout. */
@ExtendWith(ApplicationExtension.class)
class LimitsGuiTest {
    @TempDir
    Path dir;

    private Engine engine;
    private MainView view;
    private Path configPath;
    private GuiSupport.Console console;

    @Start
    void start(Stage stage) throws Exception {
        configPath = dir.resolve("limits.yaml");
        console = GuiSupport.open(stage, configPath, """
                tiers:
                  l1: {enabled: true}
                limits:
                  plans:
                    free: {per_minute: 3, per_hour: 0}
                  upstream:
                    default: {rate: 100, capacity: 1}
                """ + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY);
        engine = console.engine();
        view = console.view();
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
    }

    private static Node cell(FxRobot robot, String table, String text) {
        return robot.lookup(table + " .table-cell").match((TableCell<?, ?> c) -> text.equals(c.getText())).query();
    }

    private static void editCell(FxRobot robot, Node cell, String text) {
        robot.doubleClickOn(cell);
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.write(text).type(KeyCode.ENTER);
    }

    @Test
    void planEditIsCheckedThenAppliedToTheEngineAndTheFile(FxRobot robot) throws Exception {
        robot.clickOn("Limits");
        Button apply = robot.lookup("#limits #applyButton").query();
        Label errors = robot.lookup("#limits #errors").query();
        assertThat(apply.isDisabled()).isTrue();

        editCell(robot, cell(robot, "#limits #plans", "3"), "lots");
        assertThat(errors.getText()).isEqualTo("Plans, row 1 (free), per minute: must be a whole number, got 'lots'");
        assertThat(apply.isDisabled()).isTrue();

        editCell(robot, cell(robot, "#limits #plans", "lots"), "20");
        assertThat(errors.getText()).isEmpty();
        assertThat(apply.isDisabled()).isFalse();
        robot.clickOn(apply);
        GuiSupport.await("the engine to take the plan", () -> engine.config().limits().plan("free").perMinute() == 20);
        GuiSupport.await("the file to hold it", () -> GuiSupport.loader(configPath).load(configPath).equals(engine.config()));
    }

    @Test
    void lockoutsAreListedAndCleared(FxRobot robot) throws Exception {
        ChatRequest r = ChatRequest.builder().user("pusher").plan("free").model("gpt-4o-mini").prompt("x").build();
        for (int i = 0; i < 6; i++) {
            try {
                engine.submit(r);
            } catch (RateLimitedException expected) {
                // 3 allowed, then 3 refusals: locked out.
            }
        }
        assertThat(engine.limits().lockouts()).extracting(Lockout::user).containsExactly("pusher");
        robot.clickOn("Limits");
        ListView<Lockout> list = robot.lookup("#limits #lockouts").query();
        GuiSupport.await("the lockout in the list", () -> list.getItems().size() == 1);
        robot.clickOn(robot.lookup("#limits #lockouts .list-cell").nth(0).queryAs(Node.class));
        robot.clickOn("#limits #clearLockout");
        GuiSupport.await("the lockout cleared", () -> engine.limits().lockouts().isEmpty() && list.getItems().isEmpty());
    }
}
