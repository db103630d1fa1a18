package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.console.parsing.ParseFigures;
import dev.switchboard.console.parsing.ParseFigures.SchemaRow;
import dev.switchboard.console.parsing.ParseFigures.StrategyRow;
import dev.switchboard.console.parsing.ParsingController;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.parse.Strategy;
import dev.switchboard.testsupport.TestConfigs;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
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
 * The Parsing tab over a real engine: the tables show figures handed to them; the schema editor refuses text that
 * is not JSON (naming the line and column) or not a JSON Schema, and applies a valid one with a reordered chain to
 * the engine and the file. The playground sends a named schema as the response_format and shows the parsed value,
 * the strategy that produced it and why strict_json failed; the dashboard's tile and the tab's table count it.
 * Renders to {@code target/screenshots/parsing.png} and {@code playground-structured.png}.
 */
@ExtendWith(ApplicationExtension.class)
class ParsingGuiTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    Path dir;

    private Engine engine;
    private MainView view;
    private Path configPath;
    private GuiSupport.Console console;

    @Start
    void start(Stage stage) throws Exception {
        configPath = dir.resolve("parsing.yaml");
        // Every structured answer of the simulator comes as prose around the JSON: strict_json fails, extracted_json
        // finds it.
        console = GuiSupport.open(stage, configPath, TestConfigs.L1_ONLY + """
                  output:
                    default: {clean: 0, prose: 1.0, fenced: 0, key_value: 0, broken: 0, refusal: 0}
                ledger: {enabled: false}
                parse:
                  schemas:
                    ticket: {type: object, properties: {id: {type: integer}}, required: [id]}
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

    private static String text(FxRobot robot, String query) {
        return ((Label) find(robot, query)).getText();
    }

    private static void png(Scene scene, String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        var image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", new File(SCREENSHOTS.resolve(name).toString()));
    }

    private static <R> String cell(TableView<R> table, String column, int row) {
        TableColumn<R, ?> c = table.getColumns().stream().filter(col -> col.getText().equals(column))
                .findFirst().orElseThrow();
        return String.valueOf(c.getCellObservableValue(row).getValue());
    }

    static ParseFigures figures() {
        return new ParseFigures(1_000, true, List.of(new StrategyRow("strict_json", 120, 90, 30, 14),
                new StrategyRow("extracted_json", 30, 24, 6, 61), new StrategyRow("key_value", 6, 3, 3, 8.5),
                new StrategyRow("flexible", 3, 1, 2, 33), new StrategyRow("reprompt", 2, 1, 1, 850_000)),
                List.of(new SchemaRow("ticket", 80, 78, 2, 2, 1_840), new SchemaRow("json_object", 40, 40, 0, 0, 0)),
                120, 119, 1, 2, 1_840);
    }

    @Test
    void theTablesShowTheFiguresGivenAndTheEditorRefusesBadJsonThenAppliesASchema(FxRobot robot)
            throws Exception {
        robot.interact(() -> view.controller(MainController.class).select("parsing"));
        ParsingController parsing = view.controller(ParsingController.class);
        // After the first poll (the engine's own figures, none yet), so a later poll with the same does not redraw.
        GuiSupport.await("the first poll", () -> text(robot, "#parseTotals").equals("No structured answers yet."));
        robot.interact(() -> parsing.showFigures(figures()));
        TableView<StrategyRow> strategies = find(robot, "#parseStrategies");
        TableView<SchemaRow> bySchema = find(robot, "#parseBySchema");
        assertThat(strategies.getItems()).hasSize(5);
        assertThat(cell(strategies, "Strategy", 0)).isEqualTo("strict");
        assertThat(cell(strategies, "Attempts", 0)).isEqualTo("120");
        assertThat(cell(strategies, "p50 µs", 1)).isEqualTo("61");
        assertThat(cell(bySchema, "Parsed", 0)).isEqualTo("97.5%");
        assertThat(cell(bySchema, "Re-prompts", 0)).isEqualTo("2");
        assertThat(text(robot, "#parseTotals")).startsWith("120 structured answers: 119 parsed");

        // The schema from the file is listed and shown.
        ListView<String> names = find(robot, "#parseSchemas");
        TextArea schema = find(robot, "#parseSchemaText");
        assertThat(names.getItems()).containsExactly("ticket");
        assertThat(schema.getText()).contains("\"required\"");

        // A new schema, typed with a missing comma on line 2: refused with the line and column, nothing applied.
        robot.interact(() -> ((TextField) find(robot, "#parseNewName")).setText("order"));
        robot.clickOn("#parseAdd");
        assertThat(names.getSelectionModel().getSelectedItem()).isEqualTo("order");
        robot.interact(() -> schema.setText("{\"type\": \"object\"\n  \"required\": [\"id\"]}"));
        assertThat(text(robot, "#parseSchemaError")).startsWith("schemas.order: invalid JSON at line 2, column 3");
        assertThat(((Button) find(robot, "#parseApply")).isDisabled()).isTrue();
        png(schema.getScene(), "parsing-invalid.png");

        // JSON, but not a JSON Schema.
        robot.interact(() -> schema.setText("{\"type\": \"banana\"}"));
        assertThat(text(robot, "#parseSchemaError")).startsWith("schemas.order: not a valid JSON Schema");

        // Esc reverts: the new schema is gone.
        robot.interact(schema::requestFocus);
        robot.type(KeyCode.ESCAPE);
        assertThat(names.getItems()).containsExactly("ticket");

        // Again, valid this time, with extracted_json moved first and re-prompts at 2; Ctrl+S applies.
        robot.interact(() -> ((TextField) find(robot, "#parseNewName")).setText("order"));
        robot.clickOn("#parseAdd");
        robot.interact(() -> schema.setText("{\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"integer\"}},"
                + " \"required\": [\"id\"]}"));
        assertThat(text(robot, "#parseSchemaError")).isEmpty();
        ListView<?> chain = find(robot, "#parseChain");
        robot.interact(() -> chain.getSelectionModel().select(1));
        robot.clickOn("#parseUp");
        robot.interact(() -> ((javafx.scene.control.Spinner<Integer>) find(robot, "#parseMaxReprompts"))
                .getValueFactory().setValue(2));
        robot.interact(schema::requestFocus);
        robot.press(KeyCode.CONTROL).press(KeyCode.S).release(KeyCode.S).release(KeyCode.CONTROL);
        GuiSupport.await("the parse settings applied", () -> engine.config().parse().schemas().containsKey("order"));
        assertThat(engine.config().parse().chain()).startsWith(Strategy.EXTRACTED_JSON, Strategy.STRICT_JSON);
        assertThat(engine.config().parse().maxReprompts()).isEqualTo(2);
        GuiSupport.await("the file saved", () -> Files.readString(configPath).contains("order:"));
        assertThat(GuiSupport.loader(configPath).load(configPath).parse()).isEqualTo(engine.config().parse());
        GuiSupport.await("the status line", () -> text(robot, "#parseApplyStatus").startsWith("Applied"));
        png(schema.getScene(), "parsing.png");
    }

    @Test
    void thePlaygroundShowsTheParsedValueAndTheTilesCountIt(FxRobot robot) throws Exception {
        robot.interact(() -> view.controller(MainController.class).select("playground"));
        @SuppressWarnings("unchecked")
        javafx.scene.control.ChoiceBox<String> expect = find(robot, "#expect");
        robot.interact(() -> expect.show());
        robot.interact(() -> expect.hide());
        assertThat(expect.getItems()).containsExactly("none", "json_object", "ticket");
        robot.interact(() -> {
            ((TextArea) find(robot, "#userPrompt")).setText("Open a ticket for the broken printer.");
            expect.setValue("ticket");
        });
        robot.clickOn("#sendButton");
        GuiSupport.await("the structured answer", () -> !text(robot, "#parsedBy").isEmpty());
        assertThat(text(robot, "#parsedBy")).isEqualTo("by extracted_json (expected ticket)");
        assertThat(text(robot, "#parseFailures")).startsWith("Tried before: strict_json");
        assertThat(((TextArea) find(robot, "#parsedValue")).getText()).contains("\"id\":");
        png(expect.getScene(), "playground-structured.png");

        robot.interact(() -> view.controller(MainController.class).select("dashboard"));
        GuiSupport.await("the parser tile", () -> text(robot, "#parserShare").equals("100% parsed"));
        assertThat(text(robot, "#parserAnswers")).isEqualTo("of 1 structured answer");
        assertThat(((Label) find(robot, "#parserShare-extracted_json")).getText()).isEqualTo("100%");

        robot.interact(() -> view.controller(MainController.class).select("parsing"));
        TableView<StrategyRow> strategies = find(robot, "#parseStrategies");
        GuiSupport.await("the table", () -> "1".equals(cell(strategies, "Successes", 1)));
        assertThat(cell(strategies, "Failures", 0)).isEqualTo("1");
        TableView<SchemaRow> bySchema = find(robot, "#parseBySchema");
        assertThat(cell(bySchema, "Expected", 0)).isEqualTo("ticket");
    }
}
