package dev.switchboard.console.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.cache.semantic.SemanticSnapshot;
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

/** The semantic tile reads the same off, broken and busy: a state in words, the largest refusals named. */
@ExtendWith(ApplicationExtension.class)
class SemanticTileTest {
    private Stage stage;

    @Start
    void start(Stage s) {
        stage = s;
    }

    private static SemanticSnapshot snapshot(boolean enabled, String failure, Map<String, Long> refused) {
        return new SemanticSnapshot(enabled, "bge-small-en-v15-q", failure == null, failure, 120, 240_000, 400, 90,
                200, 300, 0, 0.9412, refused, Map.of("tools", 4L), List.of());
    }

    private static String text(SemanticTile t, String id) {
        return ((Label) t.tile().lookup("#" + id)).getText();
    }

    @Test
    void offFailedAndCountingEachSayWhatTheyAre() throws Exception {
        List<String> shown = WaitForAsyncUtils.asyncFx(() -> {
            SemanticTile off = new SemanticTile();
            off.show(snapshot(false, null, Map.of()));
            SemanticTile failed = new SemanticTile();
            failed.show(snapshot(true, "cannot load model bge-small-en-v15-q: the ONNX runtime found no native "
                    + "library for linux-aarch64 in the jar", Map.of()));
            SemanticTile busy = new SemanticTile();
            busy.show(snapshot(true, null, Map.of("below_threshold", 50L, "number", 30L, "margin", 20L,
                    "entity", 7L, "negation", 3L)));
            // Rendered for a person to look at: target/semantic-tiles.png.
            stage.setScene(new Scene(new HBox(12, off.tile(), failed.tile(), busy.tile())));
            stage.getScene().getStylesheets().add(getClass().getResource("/styles/switchboard.css").toExternalForm());
            stage.show();
            ImageIO.write(SwingFXUtils.fromFXImage(stage.getScene().getRoot().snapshot(null, null), null), "png",
                    new File("target/semantic-tiles.png"));
            return List.of(text(off, "semanticHits"), text(off, "semanticRate"), text(failed, "semanticHits"),
                    text(failed, "semanticRate"), text(busy, "semanticHits"), text(busy, "semanticRate"),
                    text(failed, "semanticFoot"), text(busy, "semanticSimilarity"), text(busy, "semanticRefusedHead"),
                    String.join(", ", busy.reasonLines()), text(busy, "semanticFoot"));
        }).get(10, TimeUnit.SECONDS);
        assertThat(shown).containsExactly("OFF", "off in the config: exact tiers only", "FAILED",
                "the model did not load: cannot load model bge-small-en-v15-q: the ONNX runtime found no native library…",
                "90 hits", "of 400 lookups (23%)", "120 in the index · 4 skipped · bge-small-en-v15-q",
                "mean similarity 0.941", "Refused: 110",
                "below threshold 50, number 30, margin 20, other 10",
                "120 in the index · 4 skipped · bge-small-en-v15-q");
    }
}
