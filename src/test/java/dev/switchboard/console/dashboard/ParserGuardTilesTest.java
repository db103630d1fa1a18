package dev.switchboard.console.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.console.guardrails.GuardFigures;
import dev.switchboard.console.parsing.ParseFigures;
import dev.switchboard.console.parsing.ParseFigures.StrategyRow;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The parser and guard tiles, drawn from figures built by hand: idle says so, busy shows the shares, the re-prompt
 * rate between two snapshots and the top rules; a block in the last minute turns the guard tile red. Renders to
 * {@code target/parser-guard-tiles.png}.
 */
@ExtendWith(ApplicationExtension.class)
class ParserGuardTilesTest {
    private Stage stage;

    @Start
    void start(Stage s) {
        stage = s;
    }

    static ParseFigures busy(long at, long reprompts) {
        return new ParseFigures(at, true, List.of(new StrategyRow("strict_json", 100, 80, 20, 12.5),
                new StrategyRow("extracted_json", 20, 12, 8, 40), new StrategyRow("key_value", 8, 4, 4, 9),
                new StrategyRow("flexible", 4, 2, 2, 30), new StrategyRow("reprompt", 2, 2, 0, 900_000)),
                List.of(), 100, 100, 0, reprompts, 1_200);
    }

    private static String text(Tile t, String id) {
        return ((Label) t.lookup("#" + id)).getText();
    }

    private interface Tile {
        javafx.scene.Node lookup(String q);
    }

    @Test
    void tilesShowTheFiguresTheyAreGiven() throws Exception {
        List<Object> shown = WaitForAsyncUtils.asyncFx(() -> {
            ParserTile idle = new ParserTile();
            idle.show(new ParseFigures(1_000, true, List.of(), List.of(), 0, 0, 0, 0, 0));
            ParserTile parsing = new ParserTile();
            parsing.show(busy(1_000, 2));
            parsing.show(busy(31_000, 5));
            GuardTile quiet = new GuardTile();
            quiet.show(new GuardFigures(1_000, 0, 0, 0, 0, Map.of()), 1_000, true);
            GuardTile red = new GuardTile();
            red.show(new GuardFigures(1_000, 40, 0, 3, 1, Map.of("pii.email", 3L)), 600_000, true);
            red.show(new GuardFigures(2_000, 50, 2, 5, 1, Map.of("pii.email", 5L, "injection", 2L,
                    "secrets", 1L, "pii.card", 1L, "blocklist", 1L)), 601_000, true);
            GuardTile off = new GuardTile();
            off.show(new GuardFigures(1_000, 0, 0, 0, 0, Map.of()), 1_000, false);
            stage.setScene(new Scene(new HBox(12, idle.tile(), parsing.tile(), quiet.tile(), red.tile(), off.tile())));
            stage.getScene().getStylesheets().add(getClass().getResource("/styles/switchboard.css").toExternalForm());
            stage.show();
            ImageIO.write(SwingFXUtils.fromFXImage(stage.getScene().getRoot().snapshot(null, null), null), "png",
                    new File("target/parser-guard-tiles.png"));
            return List.of(text(idle.tile()::lookup, "parserAnswers"), text(parsing.tile()::lookup, "parserShare"),
                    parsing.barLines(), text(parsing.tile()::lookup, "parserFoot"),
                    text(quiet.tile()::lookup, "guardChecks"), quiet.alerting(),
                    text(red.tile()::lookup, "guardChecks"), text(red.tile()::lookup, "guardBlocked"),
                    red.ruleLines(), red.alerting(), text(red.tile()::lookup, "guardFoot"),
                    text(off.tile()::lookup, "guardChecks"));
        }).get(10, TimeUnit.SECONDS);
        assertThat(shown.get(0)).isEqualTo("no structured answers yet");
        assertThat(shown.get(1)).isEqualTo("100% parsed");
        assertThat(shown.get(2)).isEqualTo(List.of("strict 80%", "extracted 12%", "key-value 4.0%", "flexible 2.0%",
                "re-prompt 2.0%"));
        assertThat((String) shown.get(3)).isEqualTo("6.0 re-prompts/min · 0 failed");
        assertThat(shown.get(4)).isEqualTo("no checks yet");
        assertThat(shown.get(5)).isEqualTo(false);
        assertThat(shown.get(6)).isEqualTo("50 checks");
        assertThat(shown.get(7)).isEqualTo("2");
        assertThat(shown.get(8)).isEqualTo(List.of("pii.email 5", "injection 2", "blocklist 1", "other 2"));
        assertThat(shown.get(9)).isEqualTo(true);
        assertThat(shown.get(10)).isEqualTo("blocked within the last minute");
        assertThat(shown.get(11)).isEqualTo("OFF");
    }

    @Test
    void almostAllIsNeverRoundedUpToAll() {
        assertThat(ParserTile.percent(929.0 / 930)).isEqualTo("99.8%");
        assertThat(ParserTile.percent(1.0)).isEqualTo("100%");
        assertThat(ParserTile.percent(0.004)).isEqualTo("0.4%");
    }
}
