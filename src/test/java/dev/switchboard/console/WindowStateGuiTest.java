package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.console.traffic.TrafficController;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window's size, place, tab and workload, saved as it closes and restored at the next start. */
@ExtendWith(ApplicationExtension.class)
class WindowStateGuiTest {
    @TempDir
    Path dir;

    private Stage stage;
    private GuiSupport.Console console;
    private MainView second;
    private Stage secondStage;

    @Start
    void start(Stage s) throws Exception {
        stage = s;
        console = GuiSupport.open(s, dir.resolve("window.yaml"), """
                tiers:
                  l1: {enabled: true}
                """ + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY);
    }

    @AfterEach
    void stop() throws Exception {
        if (second != null) {
            WaitForAsyncUtils.asyncFx(() -> {
                second.close();
                secondStage.hide();
            }).get(10, TimeUnit.SECONDS);
        }
        console.close();
    }

    @Test
    void sizePlaceTabAndWorkloadAreRestored(FxRobot robot) throws Exception {
        MainView view = console.view();
        robot.interact(() -> {
            stage.setX(40);
            stage.setY(30);
            stage.setWidth(1100);
            stage.setHeight(700);
            view.controller(MainController.class).select("semantic");
            view.controller(TrafficController.class).setWorkload("/data/recorded.jsonl");
        });
        Path file = dir.resolve("home").resolve(WindowState.FILE);
        WindowState saved = WaitForAsyncUtils.asyncFx(() -> WindowState.of(stage, view)).get(10, TimeUnit.SECONDS);
        saved.write(file);

        // The next start: a new window and views over the same engine, given what was read.
        WindowState read = WindowState.read(file);
        assertThat(read).isEqualTo(new WindowState(40, 30, 1100, 700, false, "semantic", "/data/recorded.jsonl"));
        WaitForAsyncUtils.asyncFx(() -> {
            second = MainView.create(console.engine(), new ConfigFile(dir.resolve("window.yaml"),
                    GuiSupport.loader(dir.resolve("window.yaml"))));
            secondStage = new Stage();
            secondStage.setScene(new Scene(second.root(), read.width(), read.height()));
            read.applyTo(secondStage);
            secondStage.show();
            read.applyTo(second);
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(secondStage.getWidth()).isEqualTo(1100);
        assertThat(secondStage.getHeight()).isEqualTo(700);
        assertThat(secondStage.getX()).isEqualTo(40);
        assertThat(secondStage.getY()).isEqualTo(30);
        assertThat(second.controller(MainController.class).selected()).isEqualTo("semantic");
        assertThat(second.controller(TrafficController.class).workload()).isEqualTo("/data/recorded.jsonl");
    }
}
