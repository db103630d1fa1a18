package dev.switchboard.console.dashboard;

import dev.switchboard.engine.request.ServedBy;
import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.Tile.SkinType;
import eu.hansolo.tilesfx.TileBuilder;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/**
 * "Answers by tier": one row per served-by, a bar and the count. Drawn here rather than with TilesFX's bar-chart
 * skin, which gives each bar a fixed height and scrolls what does not fit: at the dashboard's tile size its
 * seventh bar (the semantic cache) was out of sight.
 */
final class TierBars {
    private final Map<ServedBy, Row> rows = new EnumMap<>(ServedBy.class);
    private final Label total = new Label();
    private final Tile tile;

    TierBars() {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(7);
        ColumnConstraints name = new ColumnConstraints();
        name.setMinWidth(92);
        ColumnConstraints bar = new ColumnConstraints();
        bar.setHgrow(Priority.ALWAYS);
        ColumnConstraints value = new ColumnConstraints();
        value.setHalignment(HPos.RIGHT);
        value.setMinWidth(44);
        grid.getColumnConstraints().addAll(name, bar, value);
        Map<ServedBy, Object[]> order = new LinkedHashMap<>();
        // Fastest answer first, the provider last: the order an answer is looked for.
        order.put(ServedBy.L1, new Object[] {"L1 memory", Tile.GREEN});
        order.put(ServedBy.L2, new Object[] {"L2 Redis", Tile.BLUE});
        order.put(ServedBy.L3, new Object[] {"L3 SQL", Tile.YELLOW_ORANGE});
        order.put(ServedBy.SEMANTIC, new Object[] {"Semantic", Tile.LIGHT_GREEN});
        order.put(ServedBy.COALESCED, new Object[] {"Shared call", Tile.MAGENTA});
        order.put(ServedBy.STALE, new Object[] {"Stale", Tile.GRAY});
        order.put(ServedBy.PROVIDER, new Object[] {"Miss (provider)", Tile.RED});
        int r = 0;
        for (Map.Entry<ServedBy, Object[]> e : order.entrySet()) {
            Row row = new Row((String) e.getValue()[0], (Color) e.getValue()[1]);
            rows.put(e.getKey(), row);
            grid.add(row.name, 0, r);
            grid.add(row.bar, 1, r);
            grid.add(row.value, 2, r);
            GridPane.setValignment(row.bar, javafx.geometry.VPos.CENTER);
            r++;
        }
        total.getStyleClass().add("tier-bars-total");
        VBox box = new VBox(8, grid, total);
        box.getStyleClass().add("tier-bars");
        tile = TileBuilder.create().skinType(SkinType.CUSTOM).prefSize(DashboardController.TILE,
                DashboardController.TILE).title("Answers by tier").graphic(box).animated(false).build();
    }

    Tile tile() {
        return tile;
    }

    /** @return the answers counted */
    long show(Map<ServedBy, Long> servedBy) {
        long sum = 0;
        long max = 0;
        for (ServedBy by : rows.keySet()) {
            long n = servedBy.getOrDefault(by, 0L);
            sum += n;
            max = Math.max(max, n);
        }
        for (Map.Entry<ServedBy, Row> e : rows.entrySet()) {
            long n = servedBy.getOrDefault(e.getKey(), 0L);
            e.getValue().show(n, max == 0 ? 0 : (double) n / max);
        }
        total.setText(String.format(Locale.ROOT, "%,d answered", sum));
        return sum;
    }

    /** The count shown for {@code by}, for tests. */
    String valueOf(ServedBy by) {
        return rows.get(by).value.getText();
    }

    private static final class Row {
        final Label name = new Label();
        final Label value = new Label("0");
        final Bar bar;

        Row(String text, Color color) {
            name.setText(text);
            name.getStyleClass().add("tier-bars-name");
            value.getStyleClass().add("tier-bars-value");
            bar = new Bar(color);
        }

        void show(long n, double share) {
            value.setText(String.format(Locale.ROOT, "%,d", n));
            bar.share(share);
        }
    }

    /** A track with a fill as long as the share; laid out by hand, so it needs no binding. (The parser tile's bars too.) */
    static final class Bar extends Region {
        private final Region fill = new Region();
        private double share;

        Bar(Color color) {
            setBackground(new Background(new BackgroundFill(Color.web("#3a3a3a"), new CornerRadii(2), Insets.EMPTY)));
            fill.setBackground(new Background(new BackgroundFill(color, new CornerRadii(2), Insets.EMPTY)));
            getChildren().add(fill);
            setPrefHeight(6);
            setMinHeight(6);
            setMaxHeight(6);
            setMinWidth(20);
        }

        void share(double s) {
            if (s != share) {
                share = s;
                requestLayout();
            }
        }

        @Override
        protected void layoutChildren() {
            // At least a sliver for any count above zero, so a small tier is not mistaken for none.
            double w = share == 0 ? 0 : Math.max(2, getWidth() * share);
            fill.resizeRelocate(0, 0, w, getHeight());
        }
    }
}
