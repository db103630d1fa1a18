package dev.switchboard.console.dashboard;

import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.Tile.SkinType;
import eu.hansolo.tilesfx.TileBuilder;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

/** What the dashboard's text tiles (semantic cache, parser, guards) are built from, written once. */
final class CustomTiles {
    private CustomTiles() {
    }

    /** A label with its style class and its id (the id is how the GUI tests find it). */
    static Label label(String style, String id) {
        Label l = new Label();
        l.getStyleClass().add(style);
        l.setId(id);
        return l;
    }

    /** {@code help} as a wrapping tooltip over the whole of {@code box}; returned so its text can change. */
    static Tooltip explain(VBox box, String help) {
        Tooltip why = new Tooltip(help);
        why.setWrapText(true);
        why.setMaxWidth(420);
        Tooltip.install(box, why);
        return why;
    }

    /** A dashboard-sized tile titled {@code title} showing {@code box}. */
    static Tile of(String title, VBox box) {
        return TileBuilder.create().skinType(SkinType.CUSTOM).prefSize(DashboardController.TILE,
                DashboardController.TILE).title(title).graphic(box).animated(false).build();
    }
}
