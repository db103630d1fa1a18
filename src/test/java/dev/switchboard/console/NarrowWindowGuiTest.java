package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** At 1024x768, the smallest window the console is laid out for, no button or label is cut to "...". */
@ExtendWith(ApplicationExtension.class)
class NarrowWindowGuiTest {
    @TempDir
    Path dir;

    private Stage stage;
    private GuiSupport.Console console;

    @Start
    void start(Stage s) throws Exception {
        stage = s;
        console = GuiSupport.open(s, dir.resolve("narrow.yaml"), """
                tiers:
                  l1: {enabled: true}
                ledger:
                  url: "jdbc:h2:file:%1$s/ledger"
                  journal: "%1$s/journal"
                """.formatted(dir.toAbsolutePath()) + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY);
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
    }

    /** Shown whole: at least as wide as its text needs. */
    private static void whole(Labeled l) {
        assertThat(l.getWidth()).as("'%s' shown whole", l.getText()).isGreaterThanOrEqualTo(l.prefWidth(-1) - 0.5);
    }

    @Test
    void buttonsAndLabelsKeepTheirText(FxRobot robot) {
        robot.interact(() -> {
            stage.setWidth(1024);
            stage.setHeight(768);
        });
        robot.clickOn("Cache");
        WaitForAsyncUtils.waitForFxEvents();
        for (String id : List.of("invalidateKeyButton", "invalidateVersionButton", "invalidateNamespaceButton",
                "flushButton")) {
            whole(robot.lookup("#cache #" + id).queryAs(Button.class));
        }
        robot.clickOn("Resilience");
        WaitForAsyncUtils.waitForFxEvents();
        for (String text : List.of("Force open", "Force closed", "Release")) {
            whole(robot.lookup("#resilience .button").match((Button b) -> text.equals(b.getText())).queryAs(Button.class));
        }
        robot.clickOn("Costs");
        WaitForAsyncUtils.waitForFxEvents();
        for (String id : List.of("run", "exportCsv", "exportPdf")) {
            whole(robot.lookup("#costs #" + id).queryAs(Button.class));
        }
        robot.clickOn("Playground");
        WaitForAsyncUtils.waitForFxEvents();
        whole(robot.lookup("#playground #sendButton").queryAs(Button.class));
    }
}
