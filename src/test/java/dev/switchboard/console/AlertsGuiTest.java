package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.telemetry.monitor.Incident;
import dev.switchboard.testsupport.TestConfigs;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
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
 * The Alerts tab over a real engine whose model fails every call: the open table shows the error-rate incidents
 * with their cause, the banner announces them; once the model answers again they move to the resolved table.
 * Renders to {@code target/screenshots/alerts.png}.
 */
@ExtendWith(ApplicationExtension.class)
class AlertsGuiTest {
    @TempDir
    Path dir;

    private Engine engine;
    private MainView view;
    private GuiSupport.Console console;

    @Start
    void start(Stage stage) throws Exception {
        console = GuiSupport.open(stage, dir.resolve("alerts.yaml"), TestConfigs.L1_ONLY + """
                ledger: {enabled: false}
                resilience:
                  breaker: {open_for: 200ms}
                alerts:
                  resolve_after: 0s
                  error_rate: {window: 20, min_requests: 10, threshold: 0.2}
                """);
        engine = console.engine();
        view = console.view();
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
    }

    private void ask(int n, String prefix) {
        for (int i = 0; i < n; i++) {
            try {
                engine.submit(ChatRequest.builder().model("gpt-4o-mini").namespace("search").prompt(prefix + i)
                        .build());
            } catch (RuntimeException expected) {
                // the failures are the point
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static String cell(TableView<Incident> t, String column, int row) {
        TableColumn<Incident, ?> c = t.getColumns().stream().filter(col -> col.getText().equals(column)).findFirst()
                .orElseThrow();
        return String.valueOf(c.getCellObservableValue(row).getValue());
    }

    @Test
    void openIncidentsShowTheirCausesAndMoveToResolvedWhenTheErrorsStop(FxRobot robot) throws Exception {
        robot.interact(() -> view.controller(MainController.class).select("alerts"));
        var failing = TestConfigs.parse(TestConfigs.L1_ONLY.replace("p99: 0ms", "p99: 0ms\n  error_rate: 1.0"))
                .simulated();
        var healthy = engine.config().simulated();
        engine.updateConfig(c -> c.withSimulated(failing));
        ask(12, "broken ");
        TableView<Incident> open = robot.lookup("#alertsOpen").query();
        GuiSupport.await("two open incidents", () -> open.getItems().size() == 2);
        assertThat(cell(open, "Subject", 0) + " " + cell(open, "Subject", 1)).contains("model gpt-4o-mini")
                .contains("namespace search");
        assertThat(cell(open, "Severity", 0)).isEqualTo("critical");
        assertThat(cell(open, "Monitor", 0)).isEqualTo("Error rate");
        assertThat(cell(open, "Value / threshold", 0)).isEqualTo("100.0% / 20.0%");
        assertThat(cell(open, "Top causes", 0)).startsWith("upstream 5xx/unavailable 12");
        GuiSupport.await("the banner", () -> String.valueOf(console.view().context().notifier().lastMessage())
                .startsWith("Alert: critical: error rate of"));
        png(open.getScene());

        engine.updateConfig(c -> c.withSimulated(healthy));
        TableView<Incident> resolved = robot.lookup("#alertsResolved").query();
        // The breaker opened on the failures and refuses calls for 200 ms: ask until answers refill the window.
        java.util.concurrent.atomic.AtomicInteger round = new java.util.concurrent.atomic.AtomicInteger();
        GuiSupport.await("both resolved", () -> {
            ask(5, "fine " + round.incrementAndGet() + " ");
            return engine.snapshot().alerts().open().isEmpty();
        });
        GuiSupport.await("the resolved table", () -> open.getItems().isEmpty() && resolved.getItems().size() == 2);
        assertThat(cell(resolved, "Monitor", 0)).isEqualTo("Error rate");
        assertThat(((Label) robot.lookup("#alertsSummary").query()).getText()).startsWith("0 open, 2 recently resolved");
    }

    @Test
    void theThresholdsEditorRefusesABadValueAndAppliesAGoodOneToTheEngineAndTheFile(FxRobot robot) throws Exception {
        robot.interact(() -> view.controller(MainController.class).select("alerts"));
        javafx.scene.control.TextField threshold = robot.lookup("#alertsThreshold").query();
        javafx.scene.control.TextField namespaces = robot.lookup("#alertsNamespaces").query();
        javafx.scene.control.TextField p95 = robot.lookup("#alertsP95").query();
        assertThat(threshold.getText()).isEqualTo("20");
        assertThat(namespaces.getText()).isEqualTo("extraction=5, payments=0.1, routing=10, screening=15");
        assertThat(p95.getText()).isEqualTo("5s");
        robot.interact(() -> namespaces.setText("payments=zero"));
        robot.clickOn("#alertsApply");
        assertThat(((Label) robot.lookup("#alertsError").query()).getText())
                .isEqualTo("alerts.namespaces.payments: expected a percentage such as 5 or 0.1, got 'zero'");
        assertThat(engine.config().alerts().errorRate().namespaces()).containsEntry("payments", 0.001);
        robot.interact(() -> {
            threshold.setText("2.5");
            namespaces.setText("payments=0.5");
            p95.setText("800ms");
        });
        robot.clickOn("#alertsApply");
        GuiSupport.await("applied", () -> engine.config().alerts().errorRate().threshold() == 0.025);
        assertThat(engine.config().alerts().errorRate().namespaces()).isEqualTo(java.util.Map.of("payments", 0.005));
        assertThat(engine.config().alerts().latency().target()).isEqualTo(java.time.Duration.ofMillis(800));
        GuiSupport.await("saved", () -> Files.readString(dir.resolve("alerts.yaml")).contains("800ms"));
        assertThat(GuiSupport.loader(dir.resolve("alerts.yaml")).load(dir.resolve("alerts.yaml")).alerts().errorRate()
                .threshold()).isEqualTo(0.025);
    }

    private static void png(Scene scene) throws Exception {
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        var image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", new File(out.resolve("alerts.png").toString()));
    }
}
