package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.TestConfigs;
import java.io.File;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
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

/** The playground's history in its narrow pane: a long prompt wraps inside the list, never cut off or scrolled. */
@ExtendWith(ApplicationExtension.class)
class PlaygroundHistoryGuiTest {
    @TempDir
    Path dir;

    private Stage stage;
    private GuiSupport.Console console;

    @Start
    void start(Stage s) throws Exception {
        stage = s;
        console = GuiSupport.open(s, dir.resolve("history.yaml"), """
                tiers:
                  l1: {enabled: true}
                """ + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY);
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
    }

    @Test
    void aLongPromptWrapsWithinTheList(FxRobot robot) throws Exception {
        robot.interact(() -> {
            stage.setWidth(1024);
            stage.setHeight(768);
        });
        robot.clickOn("Playground");
        String prompt = "Summarise the attached incident report for the on-call channel, naming the services that "
                + "were affected, how long the outage lasted and what was done to bring them back";
        robot.interact(() -> robot.lookup("#playground #userPrompt").queryAs(TextArea.class).setText(prompt));
        robot.clickOn("#playground #sendButton");
        ListView<?> history = robot.lookup("#playground #history").queryAs(ListView.class);
        GuiSupport.await("the prompt in the history", () -> history.getItems().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();

        Label text = robot.from(history).lookup(".history-text").queryAs(Label.class);
        assertThat(text.getText()).isEqualTo(prompt);
        assertThat(text.getWidth()).as("within the list").isLessThanOrEqualTo(history.getWidth());
        assertThat(text.getHeight()).as("wrapped onto more than one line").isGreaterThan(text.getFont().getSize() * 2);
        assertThat(history.lookupAll(".scroll-bar").stream().map(ScrollBar.class::cast)
                .filter(b -> b.getOrientation() == Orientation.HORIZONTAL).noneMatch(ScrollBar::isVisible)).isTrue();
        // For a person to look at: target/playground-history.png.
        robot.interact(() -> {
            try {
                ImageIO.write(SwingFXUtils.fromFXImage(stage.getScene().snapshot(null), null), "png",
                        new File("target/playground-history.png"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
