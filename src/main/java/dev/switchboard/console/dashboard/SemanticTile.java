package dev.switchboard.console.dashboard;

import dev.switchboard.engine.cache.semantic.SemanticSnapshot;
import eu.hansolo.tilesfx.Tile;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.HPos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The semantic cache at a glance: hits with their mean similarity, refusals by reason (the largest few, so the
 * operator sees whether the threshold or a check is saying no), and the index's size. Off and a model that failed
 * to load are states of their own, said in words, so a quiet tile never hides a broken cache.
 */
final class SemanticTile {
    /** Reasons listed; the rest are summed into one line. */
    static final int REASONS = 3;

    private static final String REASONS_HELP = "Refusals: below threshold, the nearest cached prompt was not "
            + "similar enough; margin, another cached prompt was nearly as close; number, negation, antonym, entity, "
            + "key noun, a check found a difference the similarity did not. The Cache tab's Semantic section lists "
            + "each lookup.";

    private final Label hits = CustomTiles.label("semantic-hits", "semanticHits");
    private final Label rate = CustomTiles.label("semantic-line", "semanticRate");
    private final Label similarity = CustomTiles.label("semantic-line", "semanticSimilarity");
    private final Label refusedHead = CustomTiles.label("spenders-head", "semanticRefusedHead");
    private final GridPane reasons = new GridPane();
    private final Label foot = CustomTiles.label("spenders-foot", "semanticFoot");
    private final Tooltip why;
    private final Tile tile;
    private SemanticSnapshot last;

    SemanticTile() {
        reasons.setId("semanticReasons");
        reasons.setHgap(8);
        reasons.setVgap(2);
        ColumnConstraints name = new ColumnConstraints();
        name.setHgrow(Priority.ALWAYS);
        ColumnConstraints value = new ColumnConstraints();
        value.setHalignment(HPos.RIGHT);
        reasons.getColumnConstraints().addAll(name, value);
        foot.setWrapText(true);
        rate.setWrapText(true);
        VBox box = new VBox(3, hits, rate, similarity, refusedHead, reasons, foot);
        box.getStyleClass().add("semantic-tile");
        why = CustomTiles.explain(box, REASONS_HELP);
        tile = CustomTiles.of("Semantic cache", box);
    }

    Tile tile() {
        return tile;
    }

    void show(SemanticSnapshot s) {
        if (s.equals(last)) {
            return;
        }
        last = s;
        boolean failed = s.enabled() && s.failure() != null;
        hits.getStyleClass().remove("semantic-failed");
        if (!s.enabled()) {
            hits.setText("OFF");
            rate.setText("off in the config: exact tiers only");
        } else if (failed) {
            hits.setText("FAILED");
            hits.getStyleClass().add("semantic-failed");
            // The whole reason is in the tooltip; the tile keeps one or two lines of it.
            rate.setText("the model did not load: " + shorten(s.failure(), 80));
        } else {
            hits.setText(String.format(Locale.ROOT, "%,d %s", s.hits(), s.hits() == 1 ? "hit" : "hits"));
            rate.setText(s.lookups() == 0 ? "no lookups yet"
                    : String.format(Locale.ROOT, "of %,d lookups (%.0f%%)", s.lookups(), 100.0 * s.hits() / s.lookups()));
        }
        boolean counting = s.enabled() && !failed;
        similarity.setText(counting && s.hits() > 0
                ? String.format(Locale.ROOT, "mean similarity %.3f", s.meanHitSimilarity()) : "");
        similarity.setManaged(counting);
        similarity.setVisible(counting);
        showReasons(counting ? s.refused() : Map.of(), counting);
        String state = !s.enabled() ? "" : s.loaded() || failed ? s.model() : "loading " + s.model() + "…";
        long skipped = s.skipped().values().stream().mapToLong(Long::longValue).sum();
        foot.setText(!s.enabled() ? "turn it on in Cache > Semantic"
                : String.format(Locale.ROOT, "%,d in the index%s%s", s.entries(),
                        skipped > 0 ? String.format(Locale.ROOT, " · %,d skipped", skipped) : "",
                        state.isEmpty() ? "" : " · " + state));
        why.setText(failed ? s.failure() : REASONS_HELP);
    }

    private void showReasons(Map<String, Long> refused, boolean counting) {
        reasons.getChildren().clear();
        long total = refused.values().stream().mapToLong(Long::longValue).sum();
        refusedHead.setText(!counting ? "" : total == 0 ? "Refused: none"
                : String.format(Locale.ROOT, "Refused: %,d", total));
        refusedHead.setManaged(counting);
        refusedHead.setVisible(counting);
        List<Map.Entry<String, Long>> largest = refused.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .toList();
        int row = 0;
        long rest = 0;
        for (Map.Entry<String, Long> e : largest) {
            if (row < REASONS) {
                addReason(row++, e.getKey(), e.getValue());
            } else {
                rest += e.getValue();
            }
        }
        if (rest > 0) {
            addReason(row, "other", rest);
        }
    }

    private void addReason(int row, String reason, long n) {
        Label name = new Label(reason.replace('_', ' '));
        name.getStyleClass().add("spenders-name");
        Label value = new Label(String.format(Locale.ROOT, "%,d", n));
        value.getStyleClass().add("spenders-value");
        reasons.add(name, 0, row);
        reasons.add(value, 1, row);
    }

    /** The refusal lines as shown ("number 1"), for tests. */
    List<String> reasonLines() {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < reasons.getChildren().size(); i += 2) {
            out.add(((Label) reasons.getChildren().get(i)).getText() + " "
                    + ((Label) reasons.getChildren().get(i + 1)).getText());
        }
        return out;
    }

    private static String shorten(String s, int max) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= max ? one : one.substring(0, max - 1).stripTrailing() + "…";
    }
}
