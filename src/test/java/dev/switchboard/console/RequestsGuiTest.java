package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.console.requests.RequestsController;
import dev.switchboard.console.requests.TimelineChart;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.telemetry.requestlog.RequestEntry;
import dev.switchboard.testsupport.TestConfigs;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
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
 * The Requests tab over a real engine: rows arrive live, filters narrow them (a bad range names its field), Space
 * pauses and resumes, Enter opens the inspector with the timeline and the kept text (or why it was not kept), Esc
 * closes it. Renders the inspector to {@code target/screenshots/request-inspector.png}.
 */
@ExtendWith(ApplicationExtension.class)
class RequestsGuiTest {
    @TempDir
    Path dir;

    private Engine engine;
    private MainView view;
    private GuiSupport.Console console;

    @Start
    void start(Stage stage) throws Exception {
        console = GuiSupport.open(stage, dir.resolve("requests.yaml"), TestConfigs.L1_ONLY + """
                ledger: {enabled: false}
                guards:
                  input: {pii: redact}
                """);
        engine = console.engine();
        view = console.view();
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
    }

    private void ask(String user, String namespace, String prompt) {
        engine.submit(ChatRequest.builder().model("gpt-4o-mini").namespace(namespace).user(user).prompt(prompt)
                .requestId("req-" + user + "-" + prompt.length()).build());
    }

    private static void type(FxRobot robot, String field, String text) {
        TextField f = robot.lookup(field).query();
        robot.interact(() -> f.setText(text));
    }

    @Test
    void filtersPauseAndTheInspector(FxRobot robot) throws Exception {
        robot.interact(() -> view.controller(MainController.class).select("requests"));
        for (int i = 0; i < 6; i++) {
            ask("ann", "default", "tell ann@example.com about otters number " + i);
        }
        for (int i = 0; i < 3; i++) {
            ask("bob", "private", "bob's private question " + i);
        }
        ask("ann", "default", "tell ann@example.com about otters number 0"); // an L1 hit
        TableView<RequestEntry> table = robot.lookup("#reqTable").query();
        Label count = robot.lookup("#reqCount").query();
        GuiSupport.await("ten rows", () -> count.getText().startsWith("10 shown of 10 kept"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems()).hasSize(10);
        // Newest first.
        assertThat(table.getItems().get(0).event().servedBy()).isEqualTo(ServedBy.L1);

        type(robot, "#reqUser", "bob");
        assertThat(table.getItems()).hasSize(3).allSatisfy(e -> assertThat(e.event().user()).isEqualTo("bob"));
        type(robot, "#reqUser", "");
        ComboBox<String> servedBy = robot.lookup("#reqServedBy").query();
        robot.interact(() -> servedBy.setValue("L1"));
        assertThat(table.getItems()).hasSize(1);
        robot.interact(() -> servedBy.setValue("any"));
        type(robot, "#reqSearch", "private");
        assertThat(table.getItems()).hasSize(3);
        type(robot, "#reqSearch", "");
        type(robot, "#reqLatencyFrom", "abc");
        Label error = robot.lookup("#reqFilterError").query();
        assertThat(error.isVisible()).isTrue();
        assertThat(error.getText()).startsWith("latency from: 'abc' is not a number of milliseconds");
        assertThat(table.getItems()).hasSize(10); // the bad range is not applied
        type(robot, "#reqLatencyFrom", "");
        type(robot, "#reqCostFrom", "1000");
        assertThat(table.getItems()).isEmpty();
        robot.clickOn("#reqClear");
        assertThat(table.getItems()).hasSize(10);
        assertThat(error.isVisible()).isFalse();

        // Space pauses: new requests wait in the log, counted, and come in on resume.
        robot.clickOn(table);
        robot.type(KeyCode.SPACE);
        ToggleButton pause = robot.lookup("#reqPause").query();
        assertThat(pause.isSelected()).isTrue();
        assertThat(pause.getText()).isEqualTo("Resume (Space)");
        ask("carl", "default", "while paused 1");
        ask("carl", "default", "while paused 22");
        GuiSupport.await("the paused count", () -> count.getText().endsWith("paused, 2 new"));
        assertThat(table.getItems()).hasSize(10);
        robot.type(KeyCode.SPACE);
        assertThat(pause.isSelected()).isFalse();
        GuiSupport.await("twelve rows", () -> count.getText().startsWith("12 shown of 12 kept"));
        WaitForAsyncUtils.waitForFxEvents();

        // Enter on an answered request of a storing namespace: the timeline and the guarded prompt.
        RequestEntry miss = table.getItems().stream().filter(e -> "ann".equals(e.event().user())
                && e.event().servedBy() == ServedBy.PROVIDER).findFirst().orElseThrow();
        robot.interact(() -> {
            table.getSelectionModel().select(miss);
            table.requestFocus();
        });
        robot.type(KeyCode.ENTER);
        RequestsController c = view.controller(RequestsController.class);
        assertThat(c.inspectorOpen()).isTrue();
        assertThat(c.inspected()).isEqualTo(miss);
        TimelineChart chart = robot.lookup("#reqTimeline").query();
        assertThat(labels(chart)).contains("request", "input guards", "L1 read · miss", "call gpt-4o-mini");
        TextArea prompt = robot.lookup("#reqInspPrompt").query();
        assertThat(prompt.getText()).startsWith("user: tell [EMAIL] about otters").doesNotContain("ann@example.com");
        assertThat(((TextArea) robot.lookup("#reqInspAnswer").query()).getText()).isNotBlank();
        assertThat(((Label) robot.lookup("#reqInspVerdicts").query()).getText())
                .startsWith("guard: pii.email redacted in messages[0].content");
        png(robot);

        // A no-store namespace's request: the timeline, and why there is no text.
        RequestEntry privy = table.getItems().stream().filter(e -> "bob".equals(e.event().user())).findFirst()
                .orElseThrow();
        robot.interact(() -> c.inspect(privy));
        Label withheld = robot.lookup("#reqInspWithheld").query();
        assertThat(withheld.getText()).isEqualTo("not kept: namespace private is no-store");
        assertThat(withheld.isVisible()).isTrue();
        assertThat(robot.lookup("#reqTexts").query().isVisible()).isFalse();
        assertThat(labels(chart)).contains("call gpt-4o-mini");

        robot.type(KeyCode.ESCAPE);
        assertThat(c.inspectorOpen()).isFalse();

        // Double-click opens it too.
        robot.doubleClickOn(robot.lookup("#reqTable .table-row-cell")
                .match((javafx.scene.control.TableRow<?> r) -> r.getIndex() == 0 && !r.isEmpty()).queryAs(Node.class));
        assertThat(c.inspectorOpen()).isTrue();
        assertThat(c.inspected().event().user()).isEqualTo("carl");
    }

    private static java.util.List<String> labels(TimelineChart chart) {
        return chart.getChildren().stream().filter(n -> n instanceof Label).map(n -> ((Label) n).getText()).toList();
    }

    private static void png(FxRobot robot) throws Exception {
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        Node root = robot.lookup("#reqRoot").query();
        var image = WaitForAsyncUtils.asyncFx(() -> root.getScene().snapshot(null)).get(10, TimeUnit.SECONDS);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png",
                new File(out.resolve("request-inspector.png").toString()));
    }
}
