package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.console.playground.RouteView;
import dev.switchboard.testsupport.TestConfigs;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
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
 * The playground with a route in its model box: the Route panel's live suggestion as the prompt is typed (and the
 * latency-sensitive box), then the decision of each kind of route once sent. Renders
 * {@code target/screenshots/playground-route.png} (a vote's table) and {@code playground-route-table.png}.
 */
@ExtendWith(ApplicationExtension.class)
class PlaygroundRouteGuiTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String CODING = "Write a Python function that merges two sorted lists and handles "
            + "duplicates, with unit tests and type hints.";

    @TempDir
    Path dir;

    private GuiSupport.Console console;

    @Start
    void start(Stage stage) throws Exception {
        console = GuiSupport.open(stage, dir.resolve("routes.yaml"), TestConfigs.L1_ONLY + """
                  output:
                    default: {clean: 1.0, broken: 0, prose: 0, fenced: 0, key_value: 0, refusal: 0}
                ledger: {enabled: false}
                parse:
                  enabled: true
                  schemas:
                    sentiment:
                      type: object
                      required: [label, confidence]
                      additionalProperties: false
                      properties:
                        label: {type: string, enum: [positive, negative, neutral]}
                        confidence: {type: number, minimum: 0, maximum: 1}
                routing:
                  premium: gpt-4o
                  routes:
                    auto:
                      kind: table
                      otherwise: gpt-4o-mini
                      table:
                        coding: gpt-4o
                      fast_model: gpt-4o-mini
                    cheap-first:
                      kind: cascade
                      stages: [gpt-4o-mini, gpt-4o]
                      threshold: 0.5
                      confidence: field
                      field: confidence
                    ab: {kind: experiment, a: gpt-4o-mini, b: gpt-4o, b_percent: 30}
                    five:
                      kind: vote
                      voters: [gpt-4o-mini, gpt-4o-mini, gpt-4o-mini, gpt-4o-mini, gpt-4o-mini]
                      field: label
                      early_stop: true
                """);
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
    }

    private static <T extends Node> T find(FxRobot robot, String id) {
        return robot.lookup("#playground #" + id).query();
    }

    private static String text(FxRobot robot, String id) {
        return ((Label) find(robot, id)).getText();
    }

    private static void png(Scene scene, String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        var image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", new File(SCREENSHOTS.resolve(name).toString()));
    }

    @Test
    void theRoutePanelSuggestsAsThePromptIsTypedAndShowsEachKindsDecision(FxRobot robot) throws Exception {
        robot.interact(() -> console.view().controller(MainController.class).select("playground"));
        ComboBox<String> model = find(robot, "model");
        assertThat(model.getItems()).containsExactly("gpt-4o-mini", "gpt-4o", "auto", "cheap-first", "ab", "five");
        Node panel = find(robot, "routePanel");
        assertThat(panel.isVisible()).isFalse();

        robot.interact(() -> model.setValue("auto"));
        assertThat(panel.isVisible()).isTrue();
        assertThat(text(robot, "routeTitle")).isEqualTo("auto · table route");
        assertThat(text(robot, "routeChoice")).startsWith("Type a prompt");

        // Typed, then the pause: the engine's decision, without a call.
        robot.clickOn("#playground #userPrompt").write("Write a Python function that parses dates, with tests.");
        GuiSupport.await("the table's pick", () -> text(robot, "routeChoice").startsWith("gpt-4o  ·  coding / "));
        assertThat(text(robot, "routeReasons")).startsWith("• coding/").contains("-> gpt-4o (table)");
        assertThat(text(robot, "routeEstimate")).startsWith("Estimated $").endsWith("(the premium model)");
        assertThat(console.engine().snapshot().providerCalls()).isZero();

        CheckBox fast = find(robot, "latencySensitive");
        robot.clickOn(fast);
        GuiSupport.await("the fast model", () -> text(robot, "routeChoice").startsWith("gpt-4o-mini  ·  coding"));
        assertThat(text(robot, "routeReasons")).contains("latency-sensitive -> gpt-4o-mini");
        assertThat(text(robot, "routeEstimate")).contains("the premium gpt-4o would cost $");
        robot.clickOn(fast);

        TextArea prompt = find(robot, "userPrompt");
        robot.interact(() -> prompt.setText(CODING));
        GuiSupport.await("the pick again", () -> text(robot, "routeChoice").startsWith("gpt-4o  ·  coding"));
        robot.clickOn("#playground #sendButton");
        GuiSupport.await("the routed answer", () -> find(robot, "routeOutcome").isVisible());
        assertThat(text(robot, "servedBy")).isEqualTo("provider (gpt-4o)");
        assertThat(text(robot, "routeDecision")).matches("coding / \\w+ → gpt-4o");
        assertThat(text(robot, "routeCost")).startsWith("Total $");
        assertThat(find(robot, "routeVotes").isVisible()).isFalse();
        png(panel.getScene(), "playground-route-table.png");

        // A vote: its plan before, its votes after.
        @SuppressWarnings("unchecked")
        ChoiceBox<String> expect = find(robot, "expect");
        robot.interact(() -> {
            model.setValue("five");
            expect.setValue("sentiment");
            prompt.setText("Classify the sentiment of this review: the battery lasts two days, I love it.");
        });
        assertThat(find(robot, "routeOutcome").isVisible()).as("the last decision was another route's").isFalse();
        assertThat(text(robot, "routeTitle")).isEqualTo("five · vote route");
        assertThat(text(robot, "routeChoice")).isEqualTo("Voters: 5 × gpt-4o-mini");
        assertThat(text(robot, "routeReasons")).contains("field 'label'").contains("Stops early");
        robot.clickOn("#playground #sendButton");
        GuiSupport.await("the vote", () -> find(robot, "routeOutcome").isVisible());
        assertThat(text(robot, "routeDecision")).matches("decision \"(positive|negative|neutral)\" by \\d of \\d "
                + "votes \\(answer by gpt-4o-mini\\)");
        TableView<RouteView.VoteRow> votes = find(robot, "routeVotes");
        assertThat(votes.isVisible()).isTrue();
        assertThat(votes.getItems()).hasSizeBetween(3, 5).allSatisfy(v -> {
            assertThat(v.model()).isEqualTo("gpt-4o-mini");
            assertThat(v.cost()).startsWith("$");
            assertThat(v.cached()).isIn("yes", "no");
        });
        assertThat(text(robot, "routeCost")).contains("gpt-4o would have cost").contains("saved");
        png(panel.getScene(), "playground-route.png");

        // A cascade: the stage that answered and its confidence.
        robot.interact(() -> model.setValue("cheap-first"));
        assertThat(text(robot, "routeChoice")).isEqualTo("Stages: gpt-4o-mini → gpt-4o");
        robot.clickOn("#playground #sendButton");
        GuiSupport.await("the cascade", () -> find(robot, "routeOutcome").isVisible());
        assertThat(text(robot, "routeDecision")).matches("stage [12] of 2 answered \\(gpt-4o(-mini)?\\), "
                + "confidence \\d\\.\\d\\d.*");

        // An experiment: the arm.
        robot.interact(() -> {
            model.setValue("ab");
            expect.setValue("none");
        });
        assertThat(text(robot, "routeReasons")).contains("a: gpt-4o-mini for 70% of users");
        robot.clickOn("#playground #sendButton");
        GuiSupport.await("the experiment", () -> find(robot, "routeOutcome").isVisible());
        assertThat(text(robot, "routeDecision")).matches("arm a → gpt-4o-mini|arm b → gpt-4o");

        robot.interact(() -> model.setValue("gpt-4o"));
        assertThat(panel.isVisible()).isFalse();
    }
}
