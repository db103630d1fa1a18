package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.console.resilience.ResilienceController;
import dev.switchboard.engine.Engine;
import eu.hansolo.tilesfx.Tile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.FlowPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The dashboard on the typical config (sample-configs/local.yaml: three tiers, four models, the semantic cache,
 * guards, parsing, budgets): its tiles reflow to the window's width, fit 1920x1080 without a scroll bar, and each
 * opens its tab when clicked.
 */
@ExtendWith(ApplicationExtension.class)
class DashboardGuiTest {
    @TempDir
    Path dir;

    private Stage stage;
    private MainView view;
    private GuiSupport.Console console;

    @Start
    void start(Stage s) throws Exception {
        stage = s;
        // The sample as shipped; SWITCHBOARD_HOME (its H2 file) is this test's folder.
        console = GuiSupport.open(s, dir.resolve("local.yaml"), Files.readString(Path.of("sample-configs/local.yaml")));
        view = console.view();
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
    }

    private FlowPane tiles(FxRobot robot) {
        return robot.lookup("#dashboard #tiles").queryAs(FlowPane.class);
    }

    private List<Node> shown(FxRobot robot) {
        return tiles(robot).getChildren().stream().filter(Node::isManaged).toList();
    }

    /** Tiles in the first row: those at the first tile's height. */
    private int perRow(FxRobot robot) {
        List<Node> all = shown(robot);
        double y = all.getFirst().getBoundsInParent().getMinY();
        return (int) all.stream().filter(n -> n.getBoundsInParent().getMinY() == y).count();
    }

    private void resize(FxRobot robot, double w, double h) {
        robot.interact(() -> {
            stage.setWidth(w);
            stage.setHeight(h);
        });
    }

    private boolean verticalBarShown(FxRobot robot) {
        ScrollPane scroll = robot.lookup("#dashboard").queryAs(ScrollPane.class);
        return scroll.lookupAll(".scroll-bar").stream().map(ScrollBar.class::cast)
                .anyMatch(b -> b.getOrientation() == Orientation.VERTICAL && b.isVisible());
    }

    @Test
    void tilesReflowToTheWidthAndFit1920x1080WithoutAScrollBar(FxRobot robot) throws Exception {
        // 14 tiles and one breaker per model; the routing tile stays hidden without routes.
        GuiSupport.await("the breakers' tiles", () -> shown(robot).size() == 18);

        resize(robot, 1920, 1080);
        GuiSupport.await("seven tiles a row at 1920 px", () -> perRow(robot) == 7);
        assertThat(verticalBarShown(robot)).as("a vertical scroll bar at 1920x1080").isFalse();
        // Filled to the right edge: the row's tiles and gaps take the width inside the padding.
        double side = ((Tile) shown(robot).getFirst()).getWidth();
        assertThat(7 * side + 6 * 12).isBetween(1920 - 24 - 7.0, 1920 - 24.0);

        resize(robot, 1024, 768);
        GuiSupport.await("four tiles a row at 1024 px", () -> perRow(robot) == 4);

        resize(robot, 2560, 1440);
        GuiSupport.await("ten tiles a row at 2560 px", () -> perRow(robot) == 10);
        assertThat(verticalBarShown(robot)).isFalse();
    }

    @Test
    void aTileOpensItsTabAndABreakerTileItsModel(FxRobot robot) throws Exception {
        TabPane tabs = robot.lookup("#tabs").queryAs(TabPane.class);
        GuiSupport.await("the breakers' tiles", () -> shown(robot).size() == 18);
        // Every tile in view, so a click lands on it (each test starts at GuiSupport's 1340x880).
        resize(robot, 1920, 1080);

        robot.clickOn(tile(robot, "Cache tiers"));
        assertThat(tabs.getSelectionModel().getSelectedItem().getText()).isEqualTo("Cache");

        robot.clickOn("Dashboard");
        robot.clickOn(tile(robot, "Spend today (UTC)"));
        assertThat(tabs.getSelectionModel().getSelectedItem().getText()).isEqualTo("Budgets");

        robot.clickOn("Dashboard");
        robot.clickOn(tile(robot, "Breaker claude-3-5-haiku"));
        assertThat(tabs.getSelectionModel().getSelectedItem().getText()).isEqualTo("Resilience");
        ComboBox<?> drill = robot.lookup("#resilience #drillModel").queryAs(ComboBox.class);
        assertThat(drill.getValue()).isEqualTo("claude-3-5-haiku");
        assertThat(view.controller(ResilienceController.class)).isNotNull();

        // Without the mouse: a focused tile opens on Enter.
        robot.clickOn("Dashboard");
        Tile guards = tile(robot, "Guardrails");
        robot.interact(guards::requestFocus);
        robot.type(KeyCode.ENTER);
        assertThat(tabs.getSelectionModel().getSelectedItem().getText()).isEqualTo("Guardrails");
    }

    private static Tile tile(FxRobot robot, String title) {
        return robot.lookup((Node n) -> n instanceof Tile t && title.equals(t.getTitle())).queryAs(Tile.class);
    }
}
