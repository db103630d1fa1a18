package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.Engine;
import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The Resilience tab: a fallback chain edited (a cycle refused), applied; a breaker drilled open. */
@ExtendWith(ApplicationExtension.class)
class ResilienceGuiTest {
    @TempDir
    Path dir;

    private Engine engine;
    private Path configPath;
    private GuiSupport.Console console;

    @Start
    void start(Stage stage) throws Exception {
        configPath = dir.resolve("resilience.yaml");
        console = GuiSupport.open(stage, configPath, """
                tiers:
                  l1: {enabled: true}
                resilience:
                  fallbacks:
                    gpt-4o: [gpt-4o-mini]
                """ + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY);
        engine = console.engine();
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
    }

    @Test
    void aChainIsEditedACycleRefusedAndTheResultApplied(FxRobot robot) throws Exception {
        robot.clickOn("Resilience");
        ComboBox<String> model = robot.lookup("#resilience #model").query();
        ComboBox<String> add = robot.lookup("#resilience #addModel").query();
        Label error = robot.lookup("#resilience #chainError").query();
        Button apply = robot.lookup("#resilience #applyButton").query();

        // gpt-4o-mini -> gpt-4o closes a loop with gpt-4o -> gpt-4o-mini.
        robot.interact(() -> model.setValue("gpt-4o-mini"));
        robot.interact(() -> add.setValue("gpt-4o"));
        robot.clickOn("#resilience #addButton");
        assertThat(error.getText()).isIn("Chain of gpt-4o-mini: cycle: gpt-4o-mini -> gpt-4o -> gpt-4o-mini",
                "Chain of gpt-4o: cycle: gpt-4o -> gpt-4o-mini -> gpt-4o");
        assertThat(apply.isDisabled()).isTrue();

        ListView<String> chain = robot.lookup("#resilience #chain").query();
        robot.clickOn(firstEntry(robot));
        robot.clickOn("#resilience #removeButton");
        assertThat(chain.getItems()).isEmpty();
        assertThat(error.getText()).isEmpty();
        assertThat(apply.isDisabled()).as("back to what runs").isTrue();

        // Turn the chain around: gpt-4o no longer falls back, gpt-4o-mini falls back to gpt-4o.
        robot.interact(() -> model.setValue("gpt-4o"));
        assertThat(chain.getItems()).containsExactly("gpt-4o-mini");
        robot.clickOn(firstEntry(robot));
        robot.clickOn("#resilience #removeButton");
        robot.interact(() -> model.setValue("gpt-4o-mini"));
        robot.interact(() -> add.setValue("gpt-4o"));
        robot.clickOn("#resilience #addButton");
        assertThat(chain.getItems()).containsExactly("gpt-4o");
        assertThat(error.getText()).isEmpty();
        robot.clickOn(apply);
        GuiSupport.await("the chains in the engine", () -> engine.config().resilience().fallbacks()
                .equals(java.util.Map.of("gpt-4o-mini", List.of("gpt-4o"))));
        GuiSupport.await("the chains in the file", () -> GuiSupport.loader(configPath).load(configPath).equals(engine.config()));
    }

    private static Node firstEntry(FxRobot robot) {
        return robot.lookup("#resilience #chain .list-cell")
                .match((javafx.scene.control.ListCell<?> c) -> c.getIndex() == 0 && !c.isEmpty()).query();
    }

    @Test
    void aBreakerIsDrilledOpenAndReleased(FxRobot robot) throws Exception {
        robot.clickOn("Resilience");
        robot.interact(() -> ((ComboBox<String>) robot.lookup("#resilience #drillModel").query()).setValue("gpt-4o"));
        robot.clickOn("Force open");
        GuiSupport.await("the breaker forced open", () -> engine.snapshot().resilience().breakers().stream()
                .anyMatch(b -> b.model().equals("gpt-4o") && b.state().equals("FORCED_OPEN")));
        var answer = engine.submit(dev.switchboard.engine.request.ChatRequest.builder().model("gpt-4o")
                .prompt("drill").build());
        assertThat(answer.model()).isEqualTo("gpt-4o-mini");
        assertThat(answer.route()).containsExactly("gpt-4o: skipped, breaker forced open");
        robot.clickOn("Release");
        GuiSupport.await("the breaker closed", () -> engine.snapshot().resilience().breakers().stream()
                .anyMatch(b -> b.model().equals("gpt-4o") && b.state().equals("CLOSED")));
    }
}
