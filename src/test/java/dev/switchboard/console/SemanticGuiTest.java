package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.console.cache.CalibrationChart;
import dev.switchboard.console.cache.NearMisses;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.cache.semantic.SemanticSettings;
import dev.switchboard.engine.cache.semantic.SemanticSnapshot.Recent;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.testsupport.TestConfigs;
import eu.hansolo.tilesfx.Tile;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableColumn;
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
 * The semantic cache in the console, over a real engine with the real embedding model: the dashboard tile and the
 * near-miss inspector count a paraphrase served and a different number refused; the editor refuses a bad value
 * (naming the field, changing nothing) and applies a good one to the engine and the file. Counts and texts only,
 * never times. Renders to {@code target/screenshots/semantic-*.png}.
 */
@ExtendWith(ApplicationExtension.class)
class SemanticGuiTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    Path dir;

    private Engine engine;
    private MainView view;
    private Path configPath;
    private GuiSupport.Console console;

    @Start
    void start(Stage stage) throws Exception {
        configPath = dir.resolve("semantic.yaml");
        console = GuiSupport.open(stage, configPath, TestConfigs.L1_ONLY + """
                ledger: {enabled: false}
                semantic: {enabled: true, threshold: 0.85}
                """);
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

    private static ChatRequest ask(String prompt) {
        return ChatRequest.builder().model("gpt-4o-mini").system("Be brief.").prompt(prompt).temperature(0.0)
                .maxTokens(128).build();
    }

    private static void png(Scene scene, String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        var image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", new File(SCREENSHOTS.resolve(name).toString()));
    }

    private void showSemantic(FxRobot robot) {
        robot.interact(() -> view.controller(MainController.class).select("semantic"));
    }

    private static String text(FxRobot robot, String query) {
        return ((Label) find(robot, query)).getText();
    }

    /** The cell texts of one table row, by column, as the table model has them. */
    private static String cell(TableView<Recent> table, String column, int row) {
        TableColumn<Recent, ?> c = table.getColumns().stream().filter(col -> col.getText().equals(column))
                .findFirst().orElseThrow();
        return String.valueOf(c.getCellObservableValue(row).getValue());
    }

    /** Clears the field and types {@code text} into it, as an operator would. */
    private static void retype(FxRobot robot, TextField field, String text) {
        robot.interact(() -> {
            field.clear();
            field.requestFocus();
        });
        robot.write(text);
    }

    @Test
    void theTileAndTheInspectorCountAParaphraseServedAndANumberRefused(FxRobot robot) throws Exception {
        // The recording's default path is under the console's own SWITCHBOARD_HOME, which TestConfigs does not read.
        assertThat(engine.config()).as("the file is the brief's config").isEqualTo(TestConfigs.l1Only()
                .withSemantic(SemanticSettings.defaults().withThreshold(0.85).withEnabled(true))
                .withRecording(engine.config().recording()));
        assertThat(engine.submit(ask("How can I learn Python quickly?")).servedBy()).isEqualTo(ServedBy.PROVIDER);
        assertThat(engine.submit(ask("How can I learn Python fast?")).servedBy()).isEqualTo(ServedBy.SEMANTIC);
        engine.submit(ask("What is 2+2?"));
        assertThat(engine.submit(ask("What is 2+3?")).servedBy()).isEqualTo(ServedBy.PROVIDER);

        Tile tile = robot.lookup((Node n) -> n instanceof Tile t && "Semantic cache".equals(t.getTitle())).query();
        // A poll taken between two of the submits above may be on screen first: wait for one taken after all four.
        GuiSupport.await("the tile to count the four lookups and the three entries",
                () -> text(robot, "#semanticHits").equals("1 hit")
                        && text(robot, "#semanticRate").equals("of 4 lookups (25%)")
                        && text(robot, "#semanticFoot").startsWith("3 in the index"));
        assertThat(tile.isVisible()).isTrue();
        assertThat(text(robot, "#semanticRate")).isEqualTo("of 4 lookups (25%)");
        assertThat(text(robot, "#semanticSimilarity")).matches("mean similarity 0\\.9\\d\\d");
        assertThat(text(robot, "#semanticRefusedHead")).isEqualTo("Refused: 1");
        GridPane reasons = find(robot, "#semanticReasons");
        assertThat(reasons.getChildren()).extracting(n -> ((Label) n).getText()).containsExactly("number", "1");
        assertThat(text(robot, "#semanticFoot")).startsWith("3 in the index");
        png(tile.getScene(), "semantic-dashboard.png");

        showSemantic(robot);
        TableView<Recent> table = find(robot, "#semRecent");
        GuiSupport.await("the inspector to list the four lookups", () -> table.getItems().size() == 4);
        // Newest first.
        assertThat(cell(table, "Prompt", 0)).isEqualTo("What is 2+3?");
        assertThat(cell(table, "Nearest cached prompt", 0)).isEqualTo("What is 2+2?");
        assertThat(cell(table, "Decision", 0)).isEqualTo("refused");
        assertThat(cell(table, "Reason", 0)).isEqualTo("number");
        assertThat(cell(table, "Similarity", 0)).matches("0\\.\\d{3}");
        assertThat(cell(table, "Prompt", 2)).isEqualTo("How can I learn Python fast?");
        assertThat(cell(table, "Decision", 2)).isEqualTo("served");
        assertThat(cell(table, "Decision", 3)).isEqualTo("miss");
        assertThat(cell(table, "Nearest cached prompt", 3)).isEqualTo("(nothing cached)");
        assertThat(cell(table, "Similarity", 3)).isEqualTo("–");
        assertThat(text(robot, "#semRecentCount")).isEqualTo("4 of the last 4 lookups");

        ChoiceBox<NearMisses.Filter> filter = find(robot, "#semFilter");
        robot.interact(() -> filter.getSelectionModel().select(NearMisses.Filter.REFUSED));
        assertThat(table.getItems()).extracting(Recent::prompt).containsExactly("What is 2+3?");
        robot.interact(() -> filter.getSelectionModel().select(NearMisses.Filter.HITS));
        assertThat(table.getItems()).extracting(Recent::prompt).containsExactly("How can I learn Python fast?");
        robot.interact(() -> table.getSelectionModel().select(0));
        assertThat(text(robot, "#semDetail")).startsWith("""
                Prompt: How can I learn Python fast?
                Nearest cached: How can I learn Python quickly?
                Similarity 0.""").endsWith(": served the cached prompt's answer.");
        robot.interact(() -> filter.getSelectionModel().select(NearMisses.Filter.ALL));
        assertThat(table.getItems()).hasSize(4);
        assertThat(table.getSelectionModel().getSelectedItem().prompt()).as("the selection survives the filter")
                .isEqualTo("How can I learn Python fast?");

        CalibrationChart chart = find(robot, "#semChart");
        GuiSupport.await("the calibration drawn", () -> !chart.trueHitPoints().isEmpty());
        assertThat(chart.falseHitPoints()).hasSameSizeAs(chart.trueHitPoints());
        assertThat(chart.runningMark()).isEqualTo(0.85);
        assertThat(chart.runningShown()).isTrue();
        assertThat(text(robot, "#semStatus")).contains("4 lookups: 1 served, 1 refused, 2 missed");
        png(table.getScene(), "semantic-section.png");
    }

    @Test
    void aBadValueNamesTheFieldAndChangesNothingAGoodOneIsAppliedAndSaved(FxRobot robot) throws Exception {
        SemanticSettings before = engine.config().semantic();
        String fileBefore = Files.readString(configPath);
        showSemantic(robot);
        TextField value = find(robot, "#semValue");
        Button apply = find(robot, "#semApply");
        RadioButton byRate = find(robot, "#semModeRate");
        CalibrationChart chart = find(robot, "#semChart");
        GuiSupport.await("the calibration read", () -> !chart.trueHitPoints().isEmpty());
        assertThat(value.getText()).isEqualTo("0.85");
        assertThat(text(robot, "#semImplies")).isEqualTo("threshold 0.850 → expected true-hit 63%, false-hit 32%");
        assertThat(apply.isDisabled()).as("nothing edited").isTrue();

        // The mode carries the setting over: the rate measured at 0.85.
        robot.interact(() -> byRate.setSelected(true));
        assertThat(text(robot, "#semValueLabel")).isEqualTo("max_false_rate");
        assertThat(value.getText()).isEqualTo("0.31971");
        retype(robot, value, "1.5");
        assertThat(text(robot, "#semValueError")).isEqualTo("max_false_rate: must be between 0 and 1 (exclusive), "
                + "got 1.5");
        assertThat(value.getStyleClass()).contains("invalid");
        assertThat(apply.isDisabled()).isTrue();
        assertThat(text(robot, "#semApplyStatus")).isEqualTo("Fix the fields marked in red to apply.");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(engine.config().semantic()).as("Enter on a bad value applies nothing").isEqualTo(before);
        png(value.getScene(), "semantic-editor-error.png");

        retype(robot, value, "often");
        assertThat(text(robot, "#semValueError")).isEqualTo("max_false_rate: expected a number such as 0.135 (or "
                + "13.5%), got 'often'");
        robot.type(KeyCode.ESCAPE);
        assertThat(value.getText()).as("Esc reverts").isEqualTo("0.85");
        assertThat(((RadioButton) find(robot, "#semModeThreshold")).isSelected()).isTrue();
        assertThat(text(robot, "#semValueError")).isEmpty();
        assertThat(engine.config().semantic()).isEqualTo(before);
        assertThat(Files.readString(configPath)).isEqualTo(fileBefore);

        retype(robot, value, "0.9");
        assertThat(text(robot, "#semImplies")).isEqualTo("threshold 0.900 → expected true-hit 50%, false-hit 22%");
        assertThat(chart.editedMark()).isEqualTo(0.9);
        assertThat(chart.runningMark()).isEqualTo(0.85);
        assertThat(apply.isDisabled()).isFalse();
        png(value.getScene(), "semantic-editor-edited.png");
        robot.type(KeyCode.ENTER);
        GuiSupport.await("the engine to take threshold 0.9", () -> Double.valueOf(0.9)
                .equals(engine.config().semantic().threshold()));
        GuiSupport.await("the file to be written", () -> Files.readString(configPath).contains("threshold: 0.9"));
        assertThat(GuiSupport.loader(configPath).load(configPath)).isEqualTo(engine.config());
        assertThat(engine.config().semantic()).isEqualTo(before.withThreshold(0.9));
        GuiSupport.await("the running line to follow", () -> text(robot, "#semRunning")
                .equals("Running: threshold 0.900 → expected true-hit 50%, false-hit 22%"));
        assertThat(chart.runningMark()).isEqualTo(0.9);

        robot.interact(() -> byRate.setSelected(true));
        retype(robot, value, "0.135");
        assertThat(text(robot, "#semImplies"))
                .isEqualTo("max_false_rate 0.135 → threshold 0.938 → expected true-hit 35%, false-hit 13%");
        robot.interact(() -> ((CheckBox) find(robot, "#semEnabled")).setSelected(false));
        assertThat(text(robot, "#semWarnings")).startsWith("Off: requests use the exact tiers only");
        robot.interact(apply::fire);
        GuiSupport.await("the engine to take the rate, off", () -> !engine.config().semantic().enabled());
        assertThat(engine.config().semantic()).isEqualTo(before.withMaxFalseRate(0.135).withEnabled(false));
        assertThat(engine.config().semantic().threshold()).isNull();
        GuiSupport.await("the file to say the rate", () -> Files.readString(configPath).contains("max_false_rate: 0.135"));

        robot.interact(() -> view.controller(MainController.class).select("dashboard"));
        GuiSupport.await("the tile to say off", () -> text(robot, "#semanticHits").equals("OFF"));
        assertThat(text(robot, "#semanticRate")).isEqualTo("off in the config: exact tiers only");
        assertThat(List.of(text(robot, "#semanticRefusedHead"))).containsExactly("");
    }
}
