package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.console.routing.RouteFigures;
import dev.switchboard.console.routing.RoutingController;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.route.CascadeRoute;
import dev.switchboard.engine.route.Complexity;
import dev.switchboard.engine.route.TableRoute;
import dev.switchboard.engine.route.TaskClass;
import dev.switchboard.testsupport.TestConfigs;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
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
 * The Routing tab over a real engine with a route of every kind, driven as an operator would: a table cell edited
 * and applied (the file holds it), a bad threshold refused naming the field, an experiment's arms compared after
 * traffic, the threshold curve on a background task (progress, Cancel, rows); and the dashboard's tile showing the
 * share each model answered. Renders each editor and the dashboard to {@code target/screenshots/routing-*.png}.
 */
@ExtendWith(ApplicationExtension.class)
class RoutingGuiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ROUTES = """
            routing:
              premium: gpt-4o
              routes:
                auto:
                  kind: table
                  otherwise: gpt-4o-mini
                  table:
                    coding: {low: gpt-4o, medium: gpt-4o, high: gpt-4o}
                    math: {high: cheap-first}
                    reasoning: {high: gpt-4o}
                  fast_model: gpt-4o-mini
                  max_usd_per_request: 0.02
                cheap-first:
                  kind: cascade
                  stages: [gpt-4o-mini, gpt-4o]
                  threshold: 0.5
                  confidence: parse
                ab:
                  kind: experiment
                  a: gpt-4o-mini
                  b: gpt-4o
                  b_percent: 30
                five:
                  kind: vote
                  voters: [gpt-4o-mini, gpt-4o-mini, gpt-4o-mini, gpt-4o-mini, gpt-4o-mini]
                  field: label
                  early_stop: true
            """;
    private static final String LABEL_SCHEMA = """
            {"type": "json_schema", "json_schema": {"name": "sentiment", "strict": true, "schema": {
              "type": "object", "required": ["label", "confidence"], "additionalProperties": false,
              "properties": {"label": {"type": "string", "enum": ["positive", "negative", "neutral"]},
                             "confidence": {"type": "number", "minimum": 0, "maximum": 1}}}}}
            """;

    @TempDir
    Path dir;

    private Engine engine;
    private MainView view;
    private Path configPath;
    private GuiSupport.Console console;

    @Start
    void start(Stage stage) throws Exception {
        configPath = dir.resolve("routing.yaml");
        String yaml = TestConfigs.L1_ONLY.replace(TestConfigs.ZERO_LATENCY, """
                simulated:
                  latency: {median: 0ms, p99: 0ms}
                  output:
                    default: {clean: 1.0, broken: 0, prose: 0, fenced: 0, key_value: 0, refusal: 0}
                """) + ROUTES + "parse: {enabled: true}\nledger: {enabled: false}\n";
        console = GuiSupport.open(stage, configPath, yaml);
        engine = console.engine();
        view = console.view();
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
    }

    private RoutingController routing(FxRobot robot, String route) {
        RoutingController c = view.controller(RoutingController.class);
        robot.interact(() -> {
            view.controller(MainController.class).select("routing");
            c.select(route);
        });
        return c;
    }

    private static String text(FxRobot robot, String id) {
        return ((Label) robot.lookup(id).query()).getText();
    }

    @Test
    void aTableCellEditedIsAppliedToTheEngineAndSavedToTheFile(FxRobot robot) throws Exception {
        routing(robot, "auto");
        ComboBox<String> chatLow = robot.lookup("#routingCell-chat-low").query();
        ComboBox<String> codingHigh = robot.lookup("#routingCell-coding-high").query();
        Button apply = robot.lookup("#routingApply").query();
        // A blank cell takes otherwise: dimmed, with otherwise's target as its prompt.
        assertThat(chatLow.getEditor().getText()).isEmpty();
        assertThat(chatLow.getStyleClass()).contains("routing-otherwise");
        assertThat(chatLow.getPromptText()).isEqualTo("gpt-4o-mini");
        assertThat(codingHigh.getEditor().getText()).isEqualTo("gpt-4o");
        assertThat(codingHigh.getStyleClass()).doesNotContain("routing-otherwise");
        assertThat(apply.isDisabled()).isTrue();
        png(chatLow.getScene(), "routing-table.png");

        robot.clickOn(chatLow.getEditor());
        robot.write("cheap-first");
        assertThat(chatLow.getStyleClass()).contains("routing-edited").doesNotContain("routing-otherwise");
        assertThat(apply.isDisabled()).isFalse();
        assertThat(text(robot, "#routingApplyStatus")).isEqualTo("Unapplied changes.");
        robot.type(KeyCode.ENTER);

        GuiSupport.await("the engine to take the cell", () -> "cheap-first".equals(
                ((TableRoute) engine.config().routing().route("auto")).target(TaskClass.CHAT, Complexity.LOW)));
        GuiSupport.await("the file to hold it", () -> {
            var back = GuiSupport.loader(configPath).load(configPath).routing();
            return back.equals(engine.config().routing());
        });
        TableRoute saved = (TableRoute) GuiSupport.loader(configPath).load(configPath).routing().route("auto");
        assertThat(saved.target(TaskClass.CHAT, Complexity.LOW)).isEqualTo("cheap-first");
        assertThat(saved.written(TaskClass.CHAT, Complexity.MEDIUM)).isFalse();
        assertThat(saved.maxUsdPerRequest()).isEqualTo(0.02);
        GuiSupport.await("the status line", () -> text(robot, "#routingApplyStatus").startsWith("Applied, and saved"));
        // The editor checks again once applied: the cell is as it runs, nothing left to apply.
        GuiSupport.await("the cell as it runs", () -> !chatLow.getStyleClass().contains("routing-edited")
                && apply.isDisabled());

        // A target that is neither a model nor a route is refused naming the cell; nothing is applied.
        robot.interact(() -> codingHigh.getEditor().setText("gpt-5"));
        assertThat(text(robot, "#routingError")).startsWith("routing.routes.auto.table.coding.high: unknown model "
                + "or route 'gpt-5'; models: gpt-4o-mini, gpt-4o; routes: cheap-first, ab, five");
        assertThat(codingHigh.getEditor().getStyleClass()).contains("invalid");
        assertThat(apply.isDisabled()).isTrue();
        robot.clickOn("#routingRevert");
        assertThat(codingHigh.getEditor().getText()).isEqualTo("gpt-4o");
        assertThat(text(robot, "#routingError")).isEmpty();

        // Try a prompt: the engine's router says which cell it lands in, and the cell is lit.
        robot.interact(() -> ((TextField) robot.lookup("#routingTryPrompt").query()).setText("Write a Python "
                + "function that merges two sorted lists and handles duplicates, with unit tests and type hints."));
        robot.clickOn("#routingTry");
        GuiSupport.await("the router's pick", () -> text(robot, "#routingTryResult").startsWith("→ gpt-4o "));
        assertThat(text(robot, "#routingTryResult")).contains("coding/").contains("(table)");
        assertThat(robot.lookup(".routing-hit").queryAll()).hasSize(1);
    }

    @Test
    void anInvalidThresholdNamesTheFieldAndAppliesNothing(FxRobot robot) throws Exception {
        String before = Files.readString(configPath);
        RoutingController c = routing(robot, "cheap-first");
        TextField threshold = robot.lookup("#routingThreshold").query();
        javafx.scene.control.Slider slider = robot.lookup("#routingThresholdSlider").query();
        assertThat(threshold.getText()).isEqualTo("0.50");
        assertThat(slider.getValue()).isEqualTo(0.5);
        assertThat(((javafx.scene.control.ListView<String>) robot.lookup("#routingStages").query()).getItems())
                .containsExactly("1. gpt-4o-mini", "2. gpt-4o");

        robot.doubleClickOn(threshold);
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.write("1.5");
        assertThat(text(robot, "#routingError"))
                .isEqualTo("routing.routes.cheap-first.threshold: must be between 0 and 1, got 1.5");
        assertThat(threshold.getStyleClass()).contains("invalid");
        assertThat(((Button) robot.lookup("#routingApply").query()).isDisabled()).isTrue();
        // Ctrl+S and Enter say what to fix and apply nothing.
        robot.press(KeyCode.CONTROL, KeyCode.S).release(KeyCode.S, KeyCode.CONTROL);
        assertThat(c).isNotNull();
        assertThat(text(robot, "#routingApplyStatus")).isEqualTo("Fix the fields marked in red to apply.");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
        assertThat(((CascadeRoute) engine.config().routing().route("cheap-first")).threshold()).isEqualTo(0.5);
        assertThat(Files.readString(configPath)).isEqualTo(before);

        robot.interact(() -> threshold.setText("nearly"));
        assertThat(text(robot, "#routingError")).isEqualTo("routing.routes.cheap-first.threshold: expected a number "
                + "between 0 and 1, such as 0.7, got 'nearly'");
        // The slider and the field move together; a good value clears the error.
        robot.interact(() -> slider.setValue(0.8));
        assertThat(threshold.getText()).isEqualTo("0.80");
        assertThat(text(robot, "#routingError")).isEmpty();
        assertThat(threshold.getStyleClass()).doesNotContain("invalid");

        // The threshold curve has no sweep in this build: it says so in words.
        robot.interact(() -> c.computeCurve(dir.resolve("w.jsonl")));
        GuiSupport.await("the curve's message", () -> text(robot, "#routingCurveStatus")
                .contains("threshold sweep not available"));
        assertThat(((Button) robot.lookup("#routingCurveCancel").query()).isDisabled()).isTrue();
        png(threshold.getScene(), "routing-cascade.png");
    }

    @Test
    void theExperimentComparesBothArmsAfterTraffic(FxRobot robot) throws Exception {
        for (int u = 0; u < 120; u++) {
            engine.submit(ChatRequest.builder().model("ab").user("user-" + u).prompt("question from " + u).build());
        }
        JsonNode schema = JSON.readTree(LABEL_SCHEMA);
        for (int i = 0; i < 12; i++) {
            engine.submit(ChatRequest.builder().model("five").user("ann").prompt("Classify the sentiment of review "
                    + i).temperature(0.7).responseFormat(schema).build());
        }
        routing(robot, "ab");
        TableView<RouteFigures.ArmRow> arms = robot.lookup("#routingArms").query();
        GuiSupport.await("both arms counted", () -> arms.getItems().size() == 5
                && !arms.getItems().get(0).a().equals("0") && !arms.getItems().get(0).b().equals("0"));
        assertThat(arms.getColumns().get(1).getText()).isEqualTo("a: gpt-4o-mini");
        assertThat(arms.getColumns().get(2).getText()).isEqualTo("b: gpt-4o");
        assertThat(arms.getItems()).extracting(RouteFigures.ArmRow::metric).containsExactly("Requests", "Error rate",
                "Parse success", "Mean latency ms", "Mean cost USD");
        long a = Long.parseLong(arms.getItems().get(0).a().replace(",", ""));
        long b = Long.parseLong(arms.getItems().get(0).b().replace(",", ""));
        assertThat(a + b).isEqualTo(120);
        RouteFigures.ArmRow cost = arms.getItems().get(4);
        assertThat(cost.better()).isEqualTo(-1);
        WaitForAsyncUtils.waitForFxEvents();
        List<String> marked = new ArrayList<>();
        robot.lookup("#routingArms .table-cell").queryAllAs(TableCell.class).forEach(cell -> {
            if (cell.getStyleClass().contains("routing-better")) {
                marked.add(cell.getText());
            }
        });
        assertThat(marked).anyMatch(t -> t.startsWith("✓ ") && t.contains(cost.a()));
        TextField split = robot.lookup("#routingSplit").query();
        assertThat(split.getText()).isEqualTo("30");
        png(arms.getScene(), "routing-experiment.png");

        routing(robot, "five");
        GuiSupport.await("the vote's counts", () -> text(robot, "#routingVoteRequests").equals("12"));
        assertThat(Long.parseLong(text(robot, "#routingVotesCast"))).isBetween(36L, 60L);
        assertThat(((javafx.scene.control.CheckBox) robot.lookup("#routingEarlyStop").query()).isSelected()).isTrue();
        png(arms.getScene(), "routing-vote.png");
    }

    @Test
    void theDashboardTileShowsTheShareEachModelAnswered(FxRobot robot) throws Exception {
        String code = "Write a Python function that merges two sorted lists and handles duplicates, with unit tests "
                + "and type hints.";
        for (int i = 0; i < 3; i++) {
            engine.submit(ChatRequest.builder().model("auto").user("ann").prompt(code + " Variant " + i).build());
        }
        for (int i = 0; i < 9; i++) {
            engine.submit(ChatRequest.builder().model("auto").user("ann").prompt("Hi! How are you today? " + i)
                    .build());
        }
        robot.interact(() -> view.controller(MainController.class).select("dashboard"));
        GuiSupport.await("the routed count", () -> text(robot, "#routingTileRequests").equals("12"));
        GridPane shares = robot.lookup("#routingTileShares").query();
        List<String> expected = RouteFigures.shares(engine.snapshot().routing(), 4).stream()
                .map(s -> s.model() + " " + RouteFigures.percent(s.share())).toList();
        GuiSupport.await("the shares", () -> bars(shares).equals(expected));
        var models = engine.snapshot().routing().models();
        assertThat(models.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(12);
        assertThat(expected).hasSize(2);
        assertThat(expected.get(0)).isEqualTo("gpt-4o-mini 75%");
        assertThat(expected.get(1)).isEqualTo("gpt-4o 25%");
        assertThat(text(robot, "#routingTileSaving")).startsWith("saved ");
        assertThat(text(robot, "#routingTileSavingFoot")).endsWith(" less than if gpt-4o answered all");
        png(shares.getScene(), "dashboard-routing.png");

        // The Routing tab's premium line says the same saving.
        routing(robot, "auto");
        GuiSupport.await("the premium line", () -> text(robot, "#routingPremium").startsWith("Premium model gpt-4o · "
                + "saved "));
        assertThat(text(robot, "#routingPremium")).endsWith("over 12 routed requests");
    }

    @Test
    void theThresholdCurveRunsInTheBackgroundWithProgressAndCancel(FxRobot robot) throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        ThresholdCurve curve = (cfg, route, workload, progress) -> {
            assertThat(javafx.application.Platform.isFxApplicationThread()).isFalse();
            progress.accept(0.5);
            if (calls.incrementAndGet() == 1) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    throw new java.util.concurrent.CancellationException("cancelled");
                }
            }
            return List.of(new ThresholdCurve.Row(0.5, 0.8, 0.91, 12.5), new ThresholdCurve.Row(0.7, 0.6, 0.95, 19));
        };
        MainView other = WaitForAsyncUtils.asyncFx(() -> {
            MainView v = MainView.create(engine, view.context().configFile(), null, null, curve);
            Stage s = new Stage();
            s.setScene(new Scene(v.root(), 1340, 880));
            s.show();
            return v;
        }).get(10, TimeUnit.SECONDS);
        try {
            RoutingController c = other.controller(RoutingController.class);
            Node root = other.root();
            robot.interact(() -> {
                other.controller(MainController.class).select("routing");
                c.select("cheap-first");
                c.computeCurve(dir.resolve("w.jsonl"));
            });
            var bar = (javafx.scene.control.ProgressBar) root.lookup("#routingCurveProgress");
            Button cancel = (Button) root.lookup("#routingCurveCancel");
            GuiSupport.await("progress", () -> bar.isVisible() && bar.getProgress() == 0.5 && !cancel.isDisabled());
            robot.interact(c::cancelCurve);
            GuiSupport.await("cancelled", () -> "Cancelled.".equals(((Label) root.lookup("#routingCurveStatus"))
                    .getText()) && !bar.isVisible() && cancel.isDisabled());

            robot.interact(() -> c.computeCurve(dir.resolve("w.jsonl")));
            @SuppressWarnings("unchecked")
            TableView<ThresholdCurve.Row> table = (TableView<ThresholdCurve.Row>) root.lookup("#routingCurve");
            GuiSupport.await("the rows", () -> table.getItems().size() == 2);
            assertThat(((Label) root.lookup("#routingCurveStatus")).getText())
                    .isEqualTo("cheap-first: 2 thresholds from w.jsonl.");
        } finally {
            WaitForAsyncUtils.asyncFx(() -> {
                other.close();
                other.root().getScene().getWindow().hide();
            }).get(10, TimeUnit.SECONDS);
        }
    }

    /** The tile's bars as shown ("gpt-4o-mini 75%"), read on the FX thread. */
    private static List<String> bars(GridPane shares) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i + 2 < shares.getChildren().size(); i += 3) {
                lines.add(((Label) shares.getChildren().get(i)).getText() + " "
                        + ((Label) shares.getChildren().get(i + 2)).getText());
            }
            return lines;
        }).get(10, TimeUnit.SECONDS);
    }

    private static void png(Scene scene, String name) throws Exception {
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        var image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", new File(out.resolve(name).toString()));
    }
}
