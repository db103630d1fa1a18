package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.console.budgets.BudgetsController;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.BudgetsConfig;
import dev.switchboard.engine.config.BudgetsConfig.UserBudget;
import dev.switchboard.engine.cost.LedgerQueries;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.report.CsvExport;
import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
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
import org.testfx.util.WaitForAsyncUtils;

/** The Budgets tab driven as an operator would: edit budgets and prices, apply, export and delete a user's records. */
@ExtendWith(ApplicationExtension.class)
class BudgetsGuiTest {
    @TempDir
    Path dir;

    private Engine engine;
    private MainView view;
    private Path configPath;
    private GuiSupport.Console console;

    @Start
    void start(Stage stage) throws Exception {
        configPath = dir.resolve("budgets.yaml");
        console = GuiSupport.open(stage, configPath, ledgerIn(dir) + """
                tiers:
                  l1: {enabled: true}
                budgets:
                  daily: 100
                """ + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY);
        engine = console.engine();
        view = console.view();
    }

    /** The ledger's database and journal in the test's folder, so the test writes nothing elsewhere. */
    private static String ledgerIn(Path folder) {
        return """
                ledger:
                  url: "jdbc:h2:file:%s/ledger"
                  journal: "%s/journal"
                  flush_interval: 50ms
                """.formatted(folder.toAbsolutePath(), folder.toAbsolutePath());
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

    private static Node cell(FxRobot robot, String table, String column, int row) {
        return robot.lookup(table + " .table-cell").match((TableCell<?, ?> c) -> c.getTableColumn() != null
                && column.equals(c.getTableColumn().getId()) && c.getIndex() == row).query();
    }

    private static void editCell(FxRobot robot, Node cell, String text) {
        robot.doubleClickOn(cell);
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.write(text).type(KeyCode.ENTER);
    }

    private void openTab(FxRobot robot) {
        // Ctrl+8, the View menu's shortcut for the tab.
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT8).release(KeyCode.DIGIT8, KeyCode.CONTROL);
        Node tab = find(robot, "#budgets");
        robot.interact(() -> { });
        assertThat(tab.isVisible()).as("the Budgets tab is shown").isTrue();
    }

    @Test
    void budgetEditsAreCheckedThenAppliedToTheEngineAndTheFile(FxRobot robot) throws Exception {
        openTab(robot);
        Button apply = find(robot, "#budgets #applyButton");
        Label dailyError = find(robot, "#budgets #dailyError");
        TextField daily = find(robot, "#budgets #daily");
        assertThat(daily.getText()).isEqualTo("100.00");
        assertThat(apply.isDisabled()).isTrue();

        retype(robot, "#budgets #daily", "lots");
        assertThat(dailyError.getText()).isEqualTo("Daily budget: must be an amount in USD like 25.00, got 'lots'");
        assertThat(daily.getStyleClass()).contains("invalid");
        assertThat(apply.isDisabled()).isTrue();

        retype(robot, "#budgets #alert", "100");
        assertThat(((Label) find(robot, "#budgets #alertError")).getText())
                .isEqualTo("Alert: must be below the soft limit (100%), got 100%");
        retype(robot, "#budgets #alert", "70");

        retype(robot, "#budgets #daily", "250");
        retype(robot, "#budgets #monthly", "$5000");
        retype(robot, "#budgets #userDaily", "10.50");
        assertThat(dailyError.getText()).isEmpty();
        assertThat(daily.getStyleClass()).doesNotContain("invalid");

        robot.clickOn(robot.lookup("#budgets .button").match((Button b) -> "Add user".equals(b.getText()))
                .queryAs(Node.class));
        robot.write("alice").type(KeyCode.ENTER);
        editCell(robot, cell(robot, "#budgets #users", "userDailyColumn", 0), "2");
        assertThat(((Label) find(robot, "#budgets #usersError")).getText()).isEmpty();

        assertThat(apply.isDisabled()).isFalse();
        robot.clickOn(apply);
        BudgetsConfig expected = new BudgetsConfig(250, 5000, new UserBudget(10.5, 0),
                Map.of("alice", new UserBudget(2, 0)), 70, 100, 120);
        GuiSupport.await("the engine to take the budgets " + expected,
                () -> engine.config().budgets().equals(expected));
        GuiSupport.await("the file to hold them",
                () -> GuiSupport.loader(configPath).load(configPath).equals(engine.config()));
        assertThat(apply.isDisabled()).isTrue();
    }

    @Test
    void priceEditsReachTheEngine(FxRobot robot) throws Exception {
        openTab(robot);
        Button apply = find(robot, "#budgets #applyPricesButton");
        Label error = find(robot, "#budgets #pricesError");
        assertThat(apply.isDisabled()).isTrue();
        // gpt-4o-mini is the first model in TestConfigs.MODELS.
        editCell(robot, cell(robot, "#budgets #prices", "priceInput", 0), "-1");
        assertThat(error.getText()).isEqualTo("gpt-4o-mini, input: must not be negative, got '-1'");
        assertThat(apply.isDisabled()).isTrue();

        editCell(robot, cell(robot, "#budgets #prices", "priceInput", 0), "0.30");
        assertThat(error.getText()).isEmpty();
        robot.clickOn(apply);
        GuiSupport.await("the engine to take the price",
                () -> engine.config().models().get("gpt-4o-mini").inputPer1M() == 0.30);
        assertThat(engine.config().models().get("gpt-4o").inputPer1M()).isEqualTo(2.50);
        GuiSupport.await("the file to hold it",
                () -> GuiSupport.loader(configPath).load(configPath).equals(engine.config()));
    }

    @Test
    void oneUsersRecordsAreExportedThenDeleted(FxRobot robot) throws Exception {
        for (int i = 0; i < 3; i++) {
            engine.submit(ChatRequest.builder().user("alice").model("gpt-4o-mini").prompt("alice " + i).build());
        }
        for (int i = 0; i < 2; i++) {
            engine.submit(ChatRequest.builder().user("bob").model("gpt-4o").prompt("bob " + i).build());
        }
        assertThat(engine.ledger().flush(Duration.ofSeconds(10))).isTrue();
        openTab(robot);

        // The user box suggests the users the ledger has seen, refreshed when it opens.
        ComboBox<String> user = find(robot, "#budgets #privacyUser");
        Node arrow = find(robot, "#budgets #privacyUser .arrow-button");
        robot.clickOn(arrow);
        GuiSupport.await("the users suggested", () -> user.getItems().equals(List.of("alice", "bob")));
        robot.type(KeyCode.ESCAPE);

        retype(robot, "#budgets #privacyUser .text-field", "alice");
        Button export = find(robot, "#budgets #exportButton");
        assertThat(export.isDisabled()).isFalse();
        Path csv = dir.resolve("alice.csv");
        BudgetsController budgets = view.controller(BudgetsController.class);
        WaitForAsyncUtils.asyncFx(() -> budgets.exportRecords("alice", csv)).get(10, TimeUnit.SECONDS);
        String banner = "Exported 3 records of alice to " + csv + ".";
        GuiSupport.await("the export", () -> banner.equals(view.context().notifier().lastMessage()));
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo(CsvExport.HEADER);
        assertThat(lines.subList(1, 4)).allSatisfy(l -> assertThat(l.split(",")[2]).isEqualTo("alice"));

        Button delete = find(robot, "#budgets #deleteButton");
        robot.clickOn(delete);
        DialogPane dialog = find(robot, ".dialog-pane");
        assertThat(dialog.getHeaderText()).contains("alice");
        assertThat(dialog.getContentText()).contains("cannot be undone")
                .contains("stays in the totals for all traffic");
        robot.clickOn(robot.lookup(".dialog-pane .button").match((Button b) -> "Delete records".equals(b.getText()))
                .queryAs(Node.class));
        GuiSupport.await("the delete",
                () -> "Deleted 3 records of alice.".equals(view.context().notifier().lastMessage()));

        LedgerQueries q = engine.ledger().queries();
        assertThat(count(q, "alice")).isZero();
        assertThat(count(q, "bob")).isEqualTo(2);
        assertThat(user.getItems()).containsExactly("bob");
    }

    private static long count(LedgerQueries q, String user) throws Exception {
        AtomicLong n = new AtomicLong();
        q.exportUser(user, r -> n.incrementAndGet());
        return n.get();
    }

    @Test
    void privacyIsOffWithoutALedger(FxRobot robot) throws Exception {
        Path other = Files.createDirectories(dir.resolve("no-ledger")).resolve("off.yaml");
        GuiSupport.Console off = WaitForAsyncUtils.asyncFx(() -> GuiSupport.open(new Stage(), other, """
                ledger: {enabled: false}
                """ + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY)).get(30, TimeUnit.SECONDS);
        try {
            Node box = off.view().root().lookup("#privacyBox");
            Label note = (Label) off.view().root().lookup("#ledgerOff");
            assertThat(box.isDisabled()).isTrue();
            assertThat(note.isVisible()).isTrue();
            assertThat(note.getText()).contains("cost ledger is off in this config");
        } finally {
            WaitForAsyncUtils.asyncFx(() -> off.view().root().getScene().getWindow().hide()).get(10, TimeUnit.SECONDS);
            off.close();
        }
        Label note = find(robot, "#budgets #ledgerOff");
        assertThat(note.isVisible()).isFalse();
    }
}
