package dev.switchboard.console.dashboard;

import eu.hansolo.tilesfx.Tile;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * A tile with one big figure and a line or two under it (requests, spend, what the cache saved). Drawn with
 * labels rather than TilesFX's number skin, which writes a count without thousands separators and money without
 * its dollar sign, and scales its text with the tile.
 */
final class FigureTile {
    final Label figure;
    final Label line;
    final Label foot;
    final VBox box;
    final Tile tile;

    FigureTile(String title, String id) {
        figure = CustomTiles.label("figure-value", id + "Figure");
        line = CustomTiles.label("figure-line", id + "Line");
        foot = CustomTiles.label("figure-foot", id + "Foot");
        line.setWrapText(true);
        foot.setWrapText(true);
        box = new VBox(4, figure, line, foot);
        box.getStyleClass().add("figure-tile");
        tile = CustomTiles.of(title, box);
    }

    /** Sets the figure and keeps {@code value} on the tile too, where tests and tooltips read it. */
    void show(double value, String figureText, String lineText) {
        tile.setValue(value);
        figure.setText(figureText);
        line.setText(lineText);
    }
}
