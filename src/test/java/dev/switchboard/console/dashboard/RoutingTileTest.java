package dev.switchboard.console.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.routing.RoutingSnapshot;
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
 * The routing tile, drawn from snapshots built by hand: hidden without routes, idle before traffic, the shares per
 * model (past four, "other"), the saving in green, or what routing cost over the premium model in amber. Renders to
 * {@code target/routing-tile.png}.
 */
@ExtendWith(ApplicationExtension.class)
class RoutingTileTest {
    private Stage stage;

    @Start
    void start(Stage s) {
        stage = s;
    }

    private static String text(RoutingTile t, String id) {
        return ((Label) t.tile().lookup("#" + id)).getText();
    }

    @Test
    void theTileShowsSharesAndTheSaving() throws Exception {
        List<Object> shown = WaitForAsyncUtils.asyncFx(() -> {
            RoutingTile none = new RoutingTile();
            none.show(RoutingSnapshot.empty(), false);
            RoutingTile idle = new RoutingTile();
            idle.show(new RoutingSnapshot("gpt-4o", 0, 0, Map.of(), 0, 0, List.of()), true);
            RoutingTile busy = new RoutingTile();
            busy.show(new RoutingSnapshot("gpt-4o", 1_000, 3, Map.of("gpt-4o-mini", 620L, "gpt-4o", 200L,
                    "claude-3-5-haiku", 120L, "claude-3-5-sonnet", 40L, "llama-3-8b", 20L), 12.0, 4.2, List.of()),
                    true);
            RoutingTile dearer = new RoutingTile();
            dearer.show(new RoutingSnapshot("gpt-4o-mini", 40, 0, Map.of("gpt-4o", 40L), 0.01, 0.03, List.of()), true);
            stage.setScene(new Scene(new HBox(12, none.tile(), idle.tile(), busy.tile(), dearer.tile())));
            stage.getScene().getStylesheets().add(getClass().getResource("/styles/switchboard.css").toExternalForm());
            stage.show();
            ImageIO.write(SwingFXUtils.fromFXImage(stage.getScene().getRoot().snapshot(null, null), null), "png",
                    new File("target/routing-tile.png"));
            return List.of(none.shown(), idle.shown(), text(idle, "routingTileRequests"),
                    text(idle, "routingTileLine"), text(busy, "routingTileRequests"), text(busy, "routingTileLine"),
                    busy.shareLines(), text(busy, "routingTileSaving") + " / " + text(busy, "routingTileSavingFoot"),
                    text(dearer, "routingTileSaving") + " / " + text(dearer, "routingTileSavingFoot"),
                    dearer.tile().lookup("#routingTileSaving").getStyleClass().contains("routing-saving-bad"));
        }).get(10, TimeUnit.SECONDS);
        assertThat(shown.get(0)).isEqualTo(false);
        assertThat(shown.get(1)).isEqualTo(true);
        assertThat(shown.get(2)).isEqualTo("idle");
        assertThat(shown.get(3)).isEqualTo("no routed requests yet");
        assertThat(shown.get(4)).isEqualTo("1,000");
        assertThat(shown.get(5)).isEqualTo("routed requests · 3 failed");
        assertThat(shown.get(6)).isEqualTo(List.of("gpt-4o-mini 62%", "gpt-4o 20%", "claude-3-5-haiku 12%",
                "other 6.0%"));
        assertThat(shown.get(7)).isEqualTo("saved 65% / $7.80 less than if gpt-4o answered all");
        assertThat(shown.get(8)).isEqualTo("200% more / $0.02 more than if gpt-4o-mini answered all");
        assertThat(shown.get(9)).isEqualTo(true);
    }
}
