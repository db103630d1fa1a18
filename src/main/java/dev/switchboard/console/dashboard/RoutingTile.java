package dev.switchboard.console.dashboard;

import dev.switchboard.console.Money;
import dev.switchboard.console.routing.RouteFigures;
import dev.switchboard.engine.routing.RoutingSnapshot;
import eu.hansolo.tilesfx.Tile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.geometry.HPos;
import javafx.geometry.VPos;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/**
 * Routing at a glance: requests that named a route, the share of their answers each model gave (a bar each,
 * largest first, the rest as "other"), and the saving against asking the premium model every time. Hidden while the
 * config has no routes and nothing was routed, so a console without routes shows no idle tile.
 */
final class RoutingTile {
    /** Models given a bar of their own; the rest share one. */
    static final int MODELS = 4;

    static final String HELP = "Requests that named a route (a table, cascade, vote or experiment) as their model. "
            + "Bars: the share of routed answers each model gave (a cascade's answering stage, a vote's deciding "
            + "model). Saving: what the routed answers cost, every stage and vote included, against the premium "
            + "model answering each of them. The Routing tab has each route's figures.";

    private static final Color[] COLORS = {Tile.GREEN, Tile.BLUE, Tile.YELLOW_ORANGE, Tile.MAGENTA};

    private final Label requests = CustomTiles.label("routing-requests", "routingTileRequests");
    private final Label line = CustomTiles.label("routing-line", "routingTileLine");
    private final GridPane bars = new GridPane();
    private final Label saving = CustomTiles.label("routing-saving", "routingTileSaving");
    private final Label savingFoot = CustomTiles.label("routing-foot", "routingTileSavingFoot");
    private final Tile tile;
    private final List<String> shown = new ArrayList<>();
    private RoutingSnapshot last;
    private Boolean lastVisible;

    RoutingTile() {
        bars.setId("routingTileShares");
        bars.setHgap(8);
        bars.setVgap(5);
        ColumnConstraints name = new ColumnConstraints();
        name.setMinWidth(70);
        name.setMaxWidth(110);
        ColumnConstraints bar = new ColumnConstraints();
        bar.setHgrow(Priority.ALWAYS);
        ColumnConstraints value = new ColumnConstraints();
        value.setHalignment(HPos.RIGHT);
        value.setMinWidth(40);
        bars.getColumnConstraints().addAll(name, bar, value);
        savingFoot.setWrapText(true);
        line.setWrapText(true);
        VBox box = new VBox(4, requests, line, bars, saving, savingFoot);
        box.getStyleClass().add("routing-tile");
        CustomTiles.explain(box, HELP);
        tile = CustomTiles.of("Routing", box);
    }

    Tile tile() {
        return tile;
    }

    /** @param anyRoutes whether the running config has routes */
    void show(RoutingSnapshot s, boolean anyRoutes) {
        boolean visible = anyRoutes || s.requests() > 0;
        if (!Boolean.valueOf(visible).equals(lastVisible)) {
            lastVisible = visible;
            tile.setVisible(visible);
            tile.setManaged(visible);
        }
        if (!visible || s.equals(last)) {
            return;
        }
        last = s;
        if (s.requests() == 0) {
            requests.setText("idle");
            line.setText(s.failures() == 0 ? "no routed requests yet"
                    : String.format(Locale.ROOT, "%,d failed, none answered", s.failures()));
        } else {
            requests.setText(String.format(Locale.ROOT, "%,d", s.requests()));
            line.setText(String.format(Locale.ROOT, "routed %s%s", s.requests() == 1 ? "request" : "requests",
                    s.failures() == 0 ? "" : String.format(Locale.ROOT, " · %,d failed", s.failures())));
        }
        showShares(RouteFigures.shares(s, MODELS));
        showSaving(s);
    }

    private void showShares(List<RouteFigures.Share> shares) {
        bars.getChildren().clear();
        shown.clear();
        int row = 0;
        for (RouteFigures.Share sh : shares) {
            Label n = new Label(sh.model());
            n.getStyleClass().add("routing-bar-name");
            Label v = new Label(RouteFigures.percent(sh.share()));
            v.getStyleClass().add("routing-bar-value");
            TierBars.Bar b = new TierBars.Bar("other".equals(sh.model()) ? Tile.GRAY : COLORS[row % COLORS.length]);
            b.share(sh.share());
            bars.add(n, 0, row);
            bars.add(b, 1, row);
            bars.add(v, 2, row);
            GridPane.setValignment(b, VPos.CENTER);
            shown.add(sh.model() + " " + v.getText());
            row++;
        }
    }

    /** The saving large (green, or amber when routing cost more), what it is in dollars and against whom below. */
    private void showSaving(RoutingSnapshot s) {
        saving.getStyleClass().removeAll("routing-saving-good", "routing-saving-bad");
        if (s.premium() == null) {
            saving.setText("saving: –");
            savingFoot.setText("no priced model to compare with");
            return;
        }
        if (s.premiumCostUsd() <= 0) {
            saving.setText("saving: –");
            savingFoot.setText("against " + s.premium() + ", once an answer is paid");
            return;
        }
        double usd = s.premiumCostUsd() - s.costUsd();
        if (usd >= 0) {
            saving.setText("saved " + RouteFigures.percent(s.savingShare()));
            savingFoot.setText(String.format(Locale.ROOT, "%s less than if %s answered all", Money.usd(usd),
                    s.premium()));
            saving.getStyleClass().add("routing-saving-good");
        } else {
            saving.setText(RouteFigures.percent(-s.savingShare()) + " more");
            savingFoot.setText(String.format(Locale.ROOT, "%s more than if %s answered all", Money.usd(-usd),
                    s.premium()));
            saving.getStyleClass().add("routing-saving-bad");
        }
    }

    /** The bars as shown ("gpt-4o-mini 62%"), for tests. */
    List<String> shareLines() {
        return List.copyOf(shown);
    }

    boolean shown() {
        return tile.isVisible();
    }
}
