package dev.switchboard.console.dashboard;

import dev.switchboard.engine.resilience.BreakerSnapshot;
import eu.hansolo.tilesfx.Tile;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;

/**
 * A model's circuit breaker: an LED (green closed, yellow half-open, red open, blue forced closed) and its state
 * in words at one fixed size (TilesFX's LED skin shrank "HALF OPEN" to fit beside "OPEN"), then health, the
 * failure rate and until when it stays open.
 */
final class BreakerTile {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final Circle led = new Circle(26, Color.web("#555555"));
    private final Label state;
    private final Label health;
    private final Tile tile;

    BreakerTile(String model) {
        state = CustomTiles.label("breaker-state", "breakerState");
        health = CustomTiles.label("breaker-health", "breakerHealth");
        health.setWrapText(true);
        health.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        led.getStyleClass().add("breaker-led");
        VBox box = new VBox(10, state, led, health);
        box.setAlignment(Pos.CENTER);
        box.getStyleClass().add("breaker-tile");
        tile = CustomTiles.of("Breaker " + model, box);
    }

    Tile tile() {
        return tile;
    }

    /** The state shown, for tests: "CLOSED", "HALF OPEN", "OPEN", "DISABLED". */
    String state() {
        return state.getText();
    }

    void show(BreakerSnapshot b) {
        led.setFill(Color.web(switch (b.state()) {
            case "CLOSED" -> "#8fce5b";
            case "HALF_OPEN" -> "#f0c419";
            case "DISABLED" -> "#3a8fd8";
            default -> "#e0543f";
        }));
        state.setText(b.state().replace('_', ' '));
        String rate = b.failureRate() < 0 ? "too few calls to judge"
                : String.format(Locale.ROOT, "%.0f%% failed", b.failureRate());
        String until = b.openUntilMillis() > 0 ? " · until " + CLOCK.format(Instant.ofEpochMilli(b.openUntilMillis()))
                : "";
        health.setText(b.health() + " · " + rate + until);
        tile.setDescription(state.getText());
    }
}
