package dev.switchboard.console.dashboard;

import dev.switchboard.console.ConsoleContext;
import dev.switchboard.console.guardrails.GuardAdapter;
import dev.switchboard.console.parsing.ParseAdapter;
import dev.switchboard.engine.EngineSnapshot;
import dev.switchboard.engine.cache.Tier;
import dev.switchboard.engine.cache.TierSnapshot;
import dev.switchboard.engine.cache.TierState;
import dev.switchboard.engine.config.Durations;
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
import javafx.fxml.FXML;
import javafx.geometry.HPos;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/**
 * The live tiles. Each snapshot from the poller (at most 4 a second) updates them; nothing here touches the
 * engine or does I/O. Tiles later issues add join the same flow.
 */
public final class DashboardController {
    static final double TILE = 250;

    private final ConsoleContext ctx;

    @FXML
    private FlowPane tiles;

    private final TierBars hitBars = new TierBars();
    private Tile hitRateTile;
    private final Map<Tier, Tile> tierTiles = new EnumMap<>(Tier.class);
    private Tile rpsTile;
    private final HistoryChart rpsChart = new HistoryChart();
    private Tile requestsTile;
    private Tile latencyTile;
    private final Map<ServedBy, Label[]> latencyCells = new EnumMap<>(ServedBy.class);
    private Tile costTile;
    private Tile savedTile;
    private final SpendTiles spendTiles = new SpendTiles();
    private final SemanticTile semanticTile = new SemanticTile();
    private final ParserTile parserTile = new ParserTile();
    private final GuardTile guardTile = new GuardTile();
    private final RoutingTile routingTile = new RoutingTile();
    private long lastRpsSecond = -1;
    /** One tile per model's circuit breaker, added as models appear. */
    private final Map<String, Tile> breakerTiles = new java.util.TreeMap<>();
    /** One tile per upstream bucket, added as buckets appear. */
    private final Map<String, BucketTile> bucketTiles = new java.util.TreeMap<>();

    public DashboardController(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    @FXML
    private void initialize() {
        hitRateTile = base(SkinType.GAUGE, "Hit rate, last minute").unit("%").minValue(0).maxValue(100).decimals(1)
                .threshold(50).thresholdVisible(false).build();
        for (Tier t : Tier.values()) {
            Tile tile = base(SkinType.LED, tierTitle(t)).description("…").build();
            tierTiles.put(t, tile);
        }
        rpsTile = base(SkinType.CUSTOM, "Requests per second").graphic(rpsChart).build();
        requestsTile = base(SkinType.NUMBER, "Requests").decimals(0).description("since start").build();
        latencyTile = base(SkinType.CUSTOM, "Latency (ms), last minute").graphic(latencyGrid()).build();
        costTile = base(SkinType.NUMBER, "Spend").unit("USD").decimals(4).description("provider calls").build();
        savedTile = base(SkinType.NUMBER, "Saved by the cache").unit("USD").decimals(4)
                .valueColor(Tile.GREEN).description("by hits and shared calls").build();

        // Rows of five at the default width: traffic; the cache (its tiers, the semantic cache, what it saved);
        // money (spend, the budget gauges, top spenders); then breakers and buckets as they appear.
        tiles.getChildren().addAll(hitBars.tile(), hitRateTile, rpsTile, latencyTile, requestsTile,
                tierTiles.get(Tier.L1), tierTiles.get(Tier.L2), tierTiles.get(Tier.L3), semanticTile.tile(), savedTile,
                costTile);
        tiles.getChildren().addAll(spendTiles.tiles());
        // Then what the answers went through: the output parser, the guards, the routes (hidden without any).
        tiles.getChildren().addAll(parserTile.tile(), guardTile.tile(), routingTile.tile());
        ctx.poller().addListener(this::show);
    }

    private static TileBuilder<?> base(SkinType type, String title) {
        return TileBuilder.create().skinType(type).prefSize(TILE, TILE).title(title).animated(false);
    }

    private static String tierTitle(Tier t) {
        return switch (t) {
            case L1 -> "L1 memory";
            case L2 -> "L2 Redis";
            case L3 -> "L3 SQL";
        };
    }

    private GridPane latencyGrid() {
        GridPane g = new GridPane();
        g.getStyleClass().add("latency-grid");
        g.setHgap(8);
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
            Label name = new Label(by.name().length() > 2 ? by.name().toLowerCase(Locale.ROOT) : by.name());
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

        requestsTile.setValue(t.requests());
        requestsTile.setDescription(t.failed() == 0 ? "none failed"
                : String.format(Locale.ROOT, "%,d failed: %s", t.failed(), t.failures()));

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
        costTile.setValue(t.costUsd());
        savedTile.setValue(t.costSavedUsd());
        costTile.setDescription(String.format(Locale.ROOT, "%,d provider calls", s.providerCalls()));

        for (TierSnapshot ts : s.tiers()) {
            showTier(tierTiles.get(ts.tier()), ts);
        }
        for (BreakerSnapshot b : s.resilience().breakers()) {
            Tile tile = breakerTiles.computeIfAbsent(b.model(), m -> {
                Tile led = base(SkinType.LED, "Breaker " + m).description("…").build();
                tiles.getChildren().add(led);
                return led;
            });
            showBreaker(tile, b);
        }
        for (BucketSnapshot b : s.limits().buckets()) {
            bucketTiles.computeIfAbsent(b.name(), name -> {
                BucketTile bt = new BucketTile();
                Tile tile = base(SkinType.CUSTOM, "Bucket " + name).graphic(bt.node()).build();
                bt.tile = tile;
                tiles.getChildren().add(tile);
                return bt;
            }).show(b);
        }
    }

    private static void showTier(Tile tile, TierSnapshot ts) {
        switch (ts.state()) {
            case UP -> {
                tile.setActiveColor(Tile.GREEN);
                tile.setActive(true);
                tile.setDescription("UP");
                tile.setText(String.format(Locale.ROOT, "TTL %s · %,d hits · %,d writes", Durations.format(ts.ttl()),
                        ts.hits(), ts.writes()));
            }
            case DOWN -> {
                tile.setActiveColor(Tile.RED);
                tile.setActive(true);
                tile.setDescription("DOWN");
                tile.setText(shorten(ts.reason(), 60));
            }
            case DISABLED -> {
                tile.setActiveColor(Tile.GRAY);
                tile.setActive(false);
                tile.setDescription("OFF");
                tile.setText("off in the config");
            }
        }
        tile.setTooltipText(ts.state() == TierState.DOWN ? ts.reason() : null);
    }

    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter
            .ofPattern("HH:mm:ss").withZone(java.time.ZoneId.systemDefault());

    /** LED: green closed, yellow half-open, red open, blue forced closed (disabled); the text says health. */
    private static void showBreaker(Tile tile, BreakerSnapshot b) {
        String state = b.state();
        tile.setActiveColor(switch (state) {
            case "CLOSED" -> Tile.GREEN;
            case "HALF_OPEN" -> Tile.YELLOW;
            case "DISABLED" -> Tile.BLUE;
            default -> Tile.RED;
        });
        tile.setActive(true);
        tile.setDescription(state.replace('_', ' '));
        String rate = b.failureRate() < 0 ? "too few calls to judge"
                : String.format(Locale.ROOT, "%.0f%% failed", b.failureRate());
        String until = b.openUntilMillis() > 0 ? " · until " + CLOCK.format(java.time.Instant.ofEpochMilli(
                b.openUntilMillis())) : "";
        tile.setText(b.health() + " · " + rate + until);
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String ms(double v) {
        if (v < 1) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        if (v < 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%,.0f", v);
    }
}
