package dev.switchboard.console.dashboard;

import dev.switchboard.engine.limit.BucketMode;
import dev.switchboard.engine.limit.BucketSnapshot;
import eu.hansolo.tilesfx.Tile;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

/** The inside of an upstream bucket's tile: tokens against capacity, queue depth, rate, and where it lives. */
final class BucketTile {
    private final ProgressBar tokens = new ProgressBar(0);
    private final Label tokensText = new Label();
    private final Label queue = new Label();
    private final Label rate = new Label();
    private final Label mode = new Label();
    private final VBox box = new VBox(6, tokensText, tokens, queue, rate, mode);
    private final Tooltip why = new Tooltip();
    Tile tile;

    BucketTile() {
        Tooltip.install(box, why);
        box.getStyleClass().add("bucket-tile");
        tokens.setMaxWidth(Double.MAX_VALUE);
        queue.getStyleClass().add("bucket-queue");
    }

    Node node() {
        return box;
    }

    void show(BucketSnapshot b) {
        tokens.setProgress(b.capacity() == 0 ? 0 : b.level() / b.capacity());
        tokensText.setText(String.format(Locale.ROOT, "Tokens %,.1f / %,d", b.level(), b.capacity()));
        queue.setText(String.format(Locale.ROOT, "%,d waiting", b.queueDepth()));
        rate.setText(b.effectiveRate() < b.configuredRate() - 1e-9
                ? String.format(Locale.ROOT, "%,.2f/s (slowed from %,.2f/s)", b.effectiveRate(), b.configuredRate())
                : String.format(Locale.ROOT, "%,.2f/s", b.configuredRate()));
        mode.setText(b.mode().name().toLowerCase(Locale.ROOT));
        mode.getStyleClass().setAll("label", b.mode() == BucketMode.FALLBACK ? "bucket-fallback" : "bucket-mode");
        why.setText(b.modeReason().isEmpty() ? b.name() + ": " + b.mode().name().toLowerCase(Locale.ROOT)
                : b.modeReason());
    }
}
