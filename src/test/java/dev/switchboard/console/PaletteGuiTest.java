package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The command palette: Ctrl+K, type, Enter goes to a tab, a model's breaker or a user's spend; Esc closes. */
@ExtendWith(ApplicationExtension.class)
class PaletteGuiTest {
    @TempDir
    Path dir;

    private GuiSupport.Console console;

    @Start
    void start(Stage stage) throws Exception {
        console = GuiSupport.open(stage, dir.resolve("palette.yaml"), """
                tiers:
                  l1: {enabled: true}
                ledger:
                  url: "jdbc:h2:file:%1$s/ledger"
                  journal: "%1$s/journal"
                  flush_interval: 50ms
                """.formatted(dir.toAbsolutePath()) + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY);
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
    }

    private static void ctrlK(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
    }

    private static String tab(FxRobot robot) {
        return robot.lookup("#tabs").queryAs(TabPane.class).getSelectionModel().getSelectedItem().getText();
    }

    @Test
    void ctrlKThenTypingAndEnterJumpsToATab(FxRobot robot) {
        Node palette = robot.lookup("#palette").query();
        assertThat(palette.isVisible()).isFalse();

        ctrlK(robot);
        assertThat(palette.isVisible()).isTrue();
        assertThat(robot.lookup("#paletteField").query().isFocused()).isTrue();
        robot.write("cost").type(KeyCode.ENTER);
        assertThat(tab(robot)).isEqualTo("Costs");
        assertThat(palette.isVisible()).isFalse();

        // Esc closes without going anywhere.
        ctrlK(robot);
        robot.write("rout").type(KeyCode.ESCAPE);
        assertThat(palette.isVisible()).isFalse();
        assertThat(tab(robot)).isEqualTo("Costs");

        // Every tab is offered.
        ctrlK(robot);
        robot.write("alerts").type(KeyCode.ENTER);
        assertThat(tab(robot)).isEqualTo("Alerts");
    }

    /** Every tab has a shortcut in the View menu and an entry in the palette, so none needs the mouse. */
    @Test
    void everyTabHasAShortcutAndAPaletteEntry(FxRobot robot) {
        MainController main = console.view().controller(MainController.class);
        assertThat(main.paletteEntries().entries().stream().map(PaletteIndex.Entry::tab))
                .containsAll(MainController.TABS);
        javafx.scene.control.MenuBar bar = robot.lookup(".menu-bar").queryAs(javafx.scene.control.MenuBar.class);
        javafx.scene.control.Menu viewMenu = bar.getMenus().stream().filter(m -> m.getText().equals("_View"))
                .findFirst().orElseThrow();
        java.util.List<javafx.scene.control.MenuItem> items = viewMenu.getItems().stream()
                .filter(i -> !(i instanceof javafx.scene.control.SeparatorMenuItem)).toList();
        assertThat(items).allMatch(i -> i.getAccelerator() != null);
        TabPane tabs = robot.lookup("#tabs").queryAs(TabPane.class);
        assertThat(items).hasSize(tabs.getTabs().size() + 1); // every tab, and the palette itself
    }

    @Test
    void aModelsBreakerAndAUsersSpend(FxRobot robot) throws Exception {
        ctrlK(robot);
        robot.write("breaker mini").type(KeyCode.ENTER);
        assertThat(tab(robot)).isEqualTo("Resilience");
        assertThat(robot.lookup("#resilience #drillModel").queryAs(ComboBox.class).getValue()).isEqualTo("gpt-4o-mini");

        console.engine().submit(ChatRequest.builder().model("gpt-4o").user("alice").prompt("palette question")
                .build());
        // Alice is among today's top spenders once the ledger has her.
        GuiSupport.await("alice among the top spenders", () -> console.engine().snapshot().ledger().budgets()
                .topUsers().stream().anyMatch(u -> u.name().equals("alice")));
        GuiSupport.await("a snapshot with alice", () -> {
            MainController main = console.view().controller(MainController.class);
            return main.paletteEntries().match("spend alice").size() == 1;
        });
        ctrlK(robot);
        robot.write("spend alice").type(KeyCode.ENTER);
        assertThat(tab(robot)).isEqualTo("Costs");
        assertThat(robot.lookup("#costs #user").queryAs(ComboBox.class).getEditor().getText()).isEqualTo("alice");
        GuiSupport.await("alice's report", () -> "1".equals(robot.lookup("#costs #totalRequests")
                .queryLabeled().getText()));
    }
}
