package dev.switchboard.console.dashboard;

import dev.switchboard.console.ConsoleContext;
import dev.switchboard.console.guardrails.GuardAdapter;
import dev.switchboard.console.parsing.ParseAdapter;
import dev.switchboard.engine.EngineSnapshot;
import dev.switchboard.engine.limit.BucketSnapshot;
import dev.switchboard.engine.resilience.BreakerSnapshot;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.telemetry.LatencySummary;
import dev.switchboard.engine.telemetry.TelemetrySnapshot;
import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.Tile.SkinType;
import eu.hansolo.tilesfx.TileBuilder;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import dev.switchboard.console.Money;
import dev.switchboard.console.Navigate;
import javafx.fxml.FXML;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The live tiles. Each snapshot from the poller (at most 4 a second) updates them; nothing here touches the
 * engine or does I/O. The tiles reflow to the window's width ({@link TileGrid}): as many columns as fit, each
 * tile widened to fill the row. Clicking a tile (or Enter on it) opens the tab behind it ({@link Navigate}).
 */
public final class DashboardController {
    static final double TILE = 250;

    private final ConsoleContext ctx;

    @FXML
    private FlowPane tiles;

    private final TierBars hitBars = new TierBars();
    private Tile hitRateTile;
    private final TierTile tierTile = new TierTile();
    private Tile rpsTile;
    private final HistoryChart rpsChart = new HistoryChart();
    private final FigureTile requests = new FigureTile("Requests", "requests");
    private Tile latencyTile;
    private final Map<ServedBy, Label[]> latencyCells = new EnumMap<>(ServedBy.class);
    private final FigureTile spend = new FigureTile("Spend since start", "spend");
    private final FigureTile saved = new FigureTile("Saved by the cache", "saved");
    private final SpendTiles spendTiles = new SpendTiles();
    private final SemanticTile semanticTile = new SemanticTile();
    private final ParserTile parserTile = new ParserTile();
    private final GuardTile guardTile = new GuardTile();
    private final RoutingTile routingTile = new RoutingTile();
    private long lastRpsSecond = -1;
    private double side = TILE;
    /** One tile per model's circuit breaker, added as models appear. */
    private final Map<String, BreakerTile> breakerTiles = new java.util.TreeMap<>();
    /** One tile per upstream bucket, added as buckets appear. */
    private final Map<String, BucketTile> bucketTiles = new java.util.TreeMap<>();

    public DashboardController(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    @FXML
    private void initialize() {
        hitRateTile = base(SkinType.GAUGE, "Hit rate, last minute").unit("%").minValue(0).maxValue(100).decimals(1)
                .threshold(50).thresholdVisible(false).build();
        rpsTile = base(SkinType.CUSTOM, "Requests per second").graphic(rpsChart).build();
        latencyTile = base(SkinType.CUSTOM, "Latency (ms), last minute").graphic(latencyGrid()).build();
        saved.figure.getStyleClass().add("figure-good");

        // Traffic first; then the cache (tiers, the semantic cache, what it saved); money (spend since start, the
        // budgets, top spenders); what the answers went through (parser, guards, routes: hidden without any);
        // then breakers and buckets as they appear.
        opens(hitBars.tile(), "cache", null);
        opens(hitRateTile, "cache", null);
        opens(rpsTile, "traffic", null);
        opens(latencyTile, "traffic", null);
        opens(requests.tile, "traffic", null);
        opens(tierTile.tile(), "cache", null);
        opens(semanticTile.tile(), "semantic", null);
        opens(saved.tile, "costs", null);
        opens(spend.tile, "costs", null);
        opens(spendTiles.todayTile(), "budgets", null);
        opens(spendTiles.monthTile(), "budgets", null);
        opens(spendTiles.spendersTile(), "costs", null);
        opens(parserTile.tile(), "parsing", null);
        opens(guardTile.tile(), "guardrails", null);
        opens(routingTile.tile(), "routing", null);
        tiles.getChildren().addAll(hitBars.tile(), hitRateTile, rpsTile, latencyTile, requests.tile, tierTile.tile(),
                semanticTile.tile(), saved.tile, spend.tile);
        tiles.getChildren().addAll(spendTiles.tiles());
        tiles.getChildren().addAll(parserTile.tile(), guardTile.tile(), routingTile.tile());
        tiles.setHgap(TileGrid.GAP);
        tiles.setVgap(TileGrid.GAP);
        // A tile added later (a breaker, a bucket) takes the size of the rest.
        tiles.getChildren().addListener((javafx.collections.ListChangeListener<Node>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(n -> size(n, side));
            }
        });
        // The scroll pane fits the flow to its viewport's width (fitToWidth): follow that width.
        tiles.widthProperty().addListener((o, was, now) -> reflow(now.doubleValue()));
        ctx.poller().addListener(this::show);
    }

    /** Fits the tiles to {@code width} (the viewport's): {@link TileGrid} columns, each tile the same square. */
    private void reflow(double width) {
        Insets pad = tiles.getPadding();
        double room = width - pad.getLeft() - pad.getRight();
        if (room <= 0) {
            return;
        }
        double s = TileGrid.side(room, TileGrid.columns(room));
        if (s != side) {
            side = s;
            tiles.getChildren().forEach(n -> size(n, s));
        }
    }

    private static void size(Node n, double s) {
        if (n instanceof Region r) {
            r.setPrefSize(s, s);
            r.setMinSize(s, s);
            r.setMaxSize(s, s);
        }
    }

    /** The columns the tiles are in now, for tests. */
    int columns() {
        double y = -1;
        int n = 0;
        for (Node t : tiles.getChildren()) {
            if (!t.isVisible() || !t.isManaged()) {
                continue;
            }
            if (y >= 0 && t.getLayoutY() != y) {
                break;
            }
            y = t.getLayoutY();
            n++;
        }
        return n;
    }

    /** A click on {@code tile}, or Enter or Space while it has the focus, asks the window for {@code tab}. */
    private static void opens(Tile tile, String tab, String subject) {
        tile.setFocusTraversable(true);
        tile.getStyleClass().add("opens-tab");
        tile.setCursor(javafx.scene.Cursor.HAND);
        javafx.scene.control.Tooltip.install(tile, new javafx.scene.control.Tooltip("Open " + tab));
        tile.setOnMouseClicked(e -> {
            if (e.getButton() == javafx.scene.input.MouseButton.PRIMARY) {
                tile.fireEvent(new Navigate(tab, subject));
            }
        });
        tile.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER || e.getCode() == javafx.scene.input.KeyCode.SPACE) {
                e.consume();
                tile.fireEvent(new Navigate(tab, subject));
            }
        });
    }

    private static TileBuilder<?> base(SkinType type, String title) {
        return TileBuilder.create().skinType(type).prefSize(TILE, TILE).title(title).animated(false);
    }

    private GridPane latencyGrid() {
        GridPane g = new GridPane();
        g.getStyleClass().add("latency-grid");
        g.setHgap(6);
        g.setVgap(6);
        String[] head = {"", "p50", "p95", "p99"};
        for (int c = 0; c < head.length; c++) {
            Label l = new Label(head[c]);
            l.getStyleClass().add("latency-head");
            g.add(l, c, 0);
            ColumnConstraints cc = new ColumnConstraints();
            cc.setHalignment(c == 0 ? HPos.LEFT : HPos.RIGHT);
            cc.setHgrow(Priority.ALWAYS);
            g.getColumnConstraints().add(cc);
        }
        int row = 1;
        for (ServedBy by : ServedBy.values()) {
            // "shared" as the tier bars call it: "coalesced" took the room of a figure at the narrowest tile.
            Label name = new Label(by == ServedBy.COALESCED ? "shared"
                    : by.name().length() > 2 ? by.name().toLowerCase(Locale.ROOT) : by.name());
            name.getStyleClass().add("latency-name");
            g.add(name, 0, row);
            Label[] cells = new Label[3];
            for (int c = 0; c < 3; c++) {
                cells[c] = new Label("–");
                cells[c].getStyleClass().add("latency-value");
                g.add(cells[c], c + 1, row);
            }
            latencyCells.put(by, cells);
            row++;
        }
        return g;
    }

    void show(EngineSnapshot s) {
        TelemetrySnapshot t = s.traffic();
        long total = hitBars.show(t.servedBy());

        hitRateTile.setValue(100 * t.hitRateLastMinute());
        hitRateTile.setDescription(total == 0 ? "" : String.format(Locale.ROOT, "%.1f%% since start",
                100.0 * t.hits() / total));

        long second = s.takenAtMillis() / 1000;
        if (second != lastRpsSecond) {
            lastRpsSecond = second;
            // The engine keeps the per-second counts; redraw the minute from them once a second.
            rpsChart.show(t.rpsHistory());
            rpsTile.setTitle(String.format(Locale.ROOT, "Requests per second: %,d", t.requestsPerSecond()));
        }

        requests.show(t.requests(), String.format(Locale.ROOT, "%,d", t.requests()), t.failed() == 0
                ? "none failed" : String.format(Locale.ROOT, "%,d failed: %s", t.failed(), t.failures()));
        requests.foot.setText("since start");

        for (ServedBy by : ServedBy.values()) {
            // The last minute, as the hit rate: a slow spell an hour ago no longer colours what the operator reads.
            LatencySummary l = t.latencyLastMinute().get(by);
            Label[] cells = latencyCells.get(by);
            boolean any = l != null && l.count() > 0;
            cells[0].setText(any ? ms(l.p50()) : "–");
            cells[1].setText(any ? ms(l.p95()) : "–");
            cells[2].setText(any ? ms(l.p99()) : "–");
        }

        spendTiles.show(s.ledger());
        semanticTile.show(s.semantic());
        // The engine's parse and guard figures: read in ParseAdapter.figures and GuardAdapter.figures (one line each).
        parserTile.show(ParseAdapter.figures(s, ctx.engine().config()));
        guardTile.show(GuardAdapter.figures(s), s.uptimeMillis(), GuardAdapter.anyOn(ctx.engine().config()));
        routingTile.show(s.routing(), !ctx.engine().config().routing().routes().isEmpty());
        spend.show(t.costUsd(), Money.usd(t.costUsd()), String.format(Locale.ROOT, "%,d provider calls",
                s.providerCalls()));
        spend.foot.setText("since this engine started; the Costs tab reports any period");
        saved.show(t.costSavedUsd(), Money.usd(t.costSavedUsd()), "by hits and shared calls");
        saved.foot.setText("since start");

        tierTile.show(s.tiers());
        for (BreakerSnapshot b : s.resilience().breakers()) {
            breakerTiles.computeIfAbsent(b.model(), m -> {
                BreakerTile bt = new BreakerTile(m);
                opens(bt.tile(), "resilience", m);
                tiles.getChildren().add(bt.tile());
                return bt;
            }).show(b);
        }
        for (BucketSnapshot b : s.limits().buckets()) {
            bucketTiles.computeIfAbsent(b.name(), name -> {
                BucketTile bt = new BucketTile();
                Tile tile = base(SkinType.CUSTOM, "Bucket " + name).graphic(bt.node()).build();
                bt.tile = tile;
                opens(tile, "limits", null);
                tiles.getChildren().add(tile);
                return bt;
            }).show(b);
        }
    }

    /** The tiers tile, for tests. */
    TierTile tierTile() {
        return tierTile;
    }

    /** A model's breaker tile, or null before its first snapshot; for tests. */
    BreakerTile breaker(String model) {
        return breakerTiles.get(model);
    }

    private static String ms(double v) {
        if (v >= 10_000) {
            // Ten seconds and more in seconds, marked so: five-digit milliseconds did not fit the column.
            return String.format(Locale.ROOT, "%.1f s", v / 1000);
        }
        if (v < 1) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        if (v < 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%,.0f", v);
    }
}
