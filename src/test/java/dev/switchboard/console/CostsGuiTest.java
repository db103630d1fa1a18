package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.console.costs.CostsTestAccess;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.cost.Micros;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.testsupport.TestConfigs;
import eu.hansolo.tilesfx.Tile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Spend on the dashboard, a budget alert as a banner, and the Costs tab's report and exports. */
@ExtendWith(ApplicationExtension.class)
class CostsGuiTest {
    @TempDir
    Path dir;

    private Engine engine;
    private MainView view;
    private GuiSupport.Console console;

    @Start
    void start(Stage stage) throws Exception {
        console = GuiSupport.open(stage, dir.resolve("costs.yaml"), """
                tiers:
                  l1: {enabled: true}
                ledger:
                  url: "jdbc:h2:file:%1$s/ledger"
                  journal: "%1$s/journal"
                  flush_interval: 50ms
                budgets:
                  daily: 0.004
                  thresholds: {alert: 10%%, soft: 900%%, hard: 1000%%}
                """.formatted(dir.toAbsolutePath()) + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY);
        engine = console.engine();
        view = console.view();
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
    }

    private void traffic() {
        for (int i = 0; i < 40; i++) {
            // Half the prompts repeat: cache hits are in the ledger too.
            engine.submit(ChatRequest.builder().model(i % 2 == 0 ? "gpt-4o" : "gpt-4o-mini")
                    .user(i % 3 == 0 ? "alice" : "bob").prompt("costs question " + (i % 20)).maxTokens(100).build());
        }
    }

    private static Tile tile(FxRobot robot, String title) {
        return robot.lookup(n -> n instanceof Tile t && title.equals(t.getTitle())).query();
    }

    @Test
    void spendShowsOnTheDashboardAndAnAlertAsABanner(FxRobot robot) throws Exception {
        traffic();
        Tile today = tile(robot, "Spend today (UTC)");
        GuiSupport.await("the gauge to show spend against the budget",
                () -> today.getValue() >= 10 && today.getDescription().contains("of $0.004"));
        GuiSupport.await("a budget banner", () -> view.context().notifier().lastMessage().startsWith("Budget: daily budget"));
        Tile spenders = tile(robot, "Top spenders today");
        GuiSupport.await("alice and bob among the top spenders", () -> robot.from(spenders).lookup(".label")
                .queryAllAs(Label.class).stream().map(Label::getText).toList().containsAll(List.of("alice", "bob")));
    }

    @Test
    void theCostsTabReportsAndExportsThePeriod(FxRobot robot) throws Exception {
        traffic();
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT7).release(KeyCode.DIGIT7, KeyCode.CONTROL);
        Label requests = robot.lookup("#costs #totalRequests").query();
        GuiSupport.await("the report to show 40 requests", () -> "40".equals(requests.getText()));
        assertThat(CostsTestAccess.shown(view).byModel()).extracting(r -> r.label())
                .containsExactlyInAnyOrder("gpt-4o", "gpt-4o-mini");
        assertThat(Micros.usd(CostsTestAccess.shown(view).totals().costMicros()))
                .isCloseTo(engine.snapshot().traffic().costUsd(),
                org.assertj.core.data.Offset.offset(1e-9));

        // A bad date is named beside the filters and blocks the report.
        TextField from = robot.lookup("#costs #from .text-field").query();
        robot.doubleClickOn(from).press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL)
                .write("2026-13-01");
        Label status = robot.lookup("#costs #status").query();
        assertThat(status.getText()).isEqualTo("From: expected a date like 2026-11-23, got '2026-13-01'");
        assertThat(robot.lookup("#costs #run").queryAs(Button.class).isDisabled()).isTrue();
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL)
                .write(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        assertThat(robot.lookup("#costs #run").queryAs(Button.class).isDisabled()).isFalse();

        // The user filter narrows the report.
        robot.clickOn("#costs #user").write("alice");
        robot.clickOn("#costs #run");
        GuiSupport.await("alice's 14 requests", () -> "14".equals(requests.getText()));

        Path csv = dir.resolve("alice.csv");
        Path pdf = dir.resolve("alice.pdf");
        CostsTestAccess.export(view, csv, true);
        GuiSupport.await("the CSV", () -> Files.exists(csv));
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(15);
        assertThat(lines.subList(1, 15)).allMatch(l -> l.contains(",alice,"));
        CostsTestAccess.export(view, pdf, false);
        GuiSupport.await("the PDF", () -> Files.exists(pdf) && Files.size(pdf) > 1000);
        assertThat(new String(Files.readAllBytes(pdf), 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
        GuiSupport.await("the banner", () -> view.context().notifier().lastMessage().startsWith("Exported"));
    }
}
