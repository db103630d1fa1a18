package dev.switchboard.console.dashboard;

import dev.switchboard.engine.cache.Tier;
import dev.switchboard.engine.cache.TierSnapshot;
import dev.switchboard.engine.config.Durations;
import eu.hansolo.tilesfx.Tile;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;

/**
 * The three exact tiers in one tile, a row each: an LED (green up, red down, grey off), the state in words, and
 * under it the TTL with hits and writes, or why the tier is down (in full in the tooltip).
 */
final class TierTile {
    private final Map<Tier, Row> rows = new EnumMap<>(Tier.class);
    private final Tile tile;

    TierTile() {
        VBox box = new VBox(6);
        box.getStyleClass().add("tier-tile");
        for (Tier t : Tier.values()) {
            Row r = new Row(t);
            rows.put(t, r);
            box.getChildren().add(r.box);
        }
        tile = CustomTiles.of("Cache tiers", box);
    }

    Tile tile() {
        return tile;
    }

    /** The state shown for {@code t} ("UP", "DOWN", "OFF"), for tests. */
    String state(Tier t) {
        return rows.get(t).state.getText();
    }

    void show(List<TierSnapshot> tiers) {
        for (TierSnapshot ts : tiers) {
            rows.get(ts.tier()).show(ts);
        }
    }

    static String title(Tier t) {
        return switch (t) {
            case L1 -> "L1 memory";
            case L2 -> "L2 Redis";
            case L3 -> "L3 SQL";
        };
    }

    private static final class Row {
        final Circle led = new Circle(7, Color.web("#555555"));
        final Label state;
        final Label detail;
        final Tooltip why = new Tooltip();
        final VBox box;

        Row(Tier t) {
            Label name = CustomTiles.label("tier-name", "tier" + t + "Name");
            name.setText(title(t));
            state = CustomTiles.label("tier-state", "tier" + t + "State");
            state.setText("…");
            detail = CustomTiles.label("tier-detail", "tier" + t + "Detail");
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            HBox head = new HBox(8, led, name, gap, state);
            head.setAlignment(Pos.CENTER_LEFT);
            box = new VBox(1, head, detail);
            // The detail lines up under the name, past the LED.
            detail.setPadding(new javafx.geometry.Insets(0, 0, 0, 22));
            why.setWrapText(true);
            why.setMaxWidth(420);
        }

        void show(TierSnapshot ts) {
            switch (ts.state()) {
                case UP -> {
                    led.setFill(Color.web("#8fce5b"));
                    state.setText("UP");
                    detail.setText(String.format(Locale.ROOT, "TTL %s · %,d hits · %,d writes",
                            Durations.format(ts.ttl()), ts.hits(), ts.writes()));
                }
                case DOWN -> {
                    led.setFill(Color.web("#e0543f"));
                    state.setText("DOWN");
                    detail.setText(ts.reason());
                }
                case DISABLED -> {
                    led.setFill(Color.web("#555555"));
                    state.setText("OFF");
                    detail.setText("off in the config");
                }
            }
            state.getStyleClass().setAll("label", "tier-state", "tier-" + state.getText().toLowerCase(Locale.ROOT));
            if (ts.reason() != null && !ts.reason().isEmpty() && ts.state() == dev.switchboard.engine.cache.TierState.DOWN) {
                why.setText(ts.reason());
                Tooltip.install(box, why);
            } else {
                Tooltip.uninstall(box, why);
            }
        }
    }
}
