package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A config without a limits section: the Limits tab says admission control is off and turns it on when asked. */
@ExtendWith(ApplicationExtension.class)
class LimitsOffGuiTest {
    @TempDir
    Path dir;

    private Path configPath;
    private GuiSupport.Console console;

    @Start
    void start(Stage stage) throws Exception {
        configPath = dir.resolve("nolimits.yaml");
        console = GuiSupport.open(stage, configPath, """
                tiers:
                  l1: {enabled: true}
                """ + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY);
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
    }

    @Test
    void offIsSaidAndOneClickTurnsItOnWithTheDefaultPlans(FxRobot robot) throws Exception {
        robot.clickOn("Limits");
        Node off = robot.lookup("#limits #offPanel").query();
        Node editor = robot.lookup("#limits #editor").query();
        assertThat(off.isVisible()).isTrue();
        assertThat(editor.isVisible()).as("no greyed tables over default rows").isFalse();

        robot.clickOn("#limits #turnOn");
        GuiSupport.await("admission control on in the engine", () -> console.engine().config().limits().enabled());
        GuiSupport.await("the tables shown", editor::isVisible);
        assertThat(off.isVisible()).isFalse();
        assertThat(console.engine().config().limits().plans()).containsOnlyKeys("free", "pro", "expert", "master");
        GuiSupport.await("the limits section in the file", () -> Files.readString(configPath).contains("limits:"));
        assertThat(GuiSupport.loader(configPath).load(configPath).limits()).isEqualTo(console.engine().config().limits());
    }
}
