package dev.switchboard.console.dashboard;

/**
 * How the dashboard's tiles share the window's width, free of JavaFX: as many columns as fit at the smallest
 * readable tile, then every tile widened to fill the row, so the right edge has no ragged gap at any width
 * (1024 px: 4 columns; 1920 px: 7; 2560 px: 10).
 */
final class TileGrid {
    /** Below this a tile's text (the latency table, the tiers' lines) no longer fits. */
    static final double MIN_TILE = 236;
    static final double GAP = 12;

    private TileGrid() {
    }

    /** Columns that fit in {@code width} (the room inside the padding), at least one. */
    static int columns(double width) {
        return Math.max(1, (int) Math.floor((width + GAP) / (MIN_TILE + GAP)));
    }

    /** The side of a square tile when {@code columns} share {@code width}, whole pixels so a row never overflows. */
    static double side(double width, int columns) {
        return Math.max(MIN_TILE / 2, Math.floor((width - GAP * (columns - 1)) / columns));
    }
}
