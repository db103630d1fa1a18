package dev.switchboard.console.dashboard;

import dev.switchboard.console.Money;
import dev.switchboard.engine.cost.BudgetsSnapshot;
import dev.switchboard.engine.cost.LedgerSnapshot;
import eu.hansolo.tilesfx.Section;
import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.Tile.SkinType;
import eu.hansolo.tilesfx.TileBuilder;
import java.util.List;
import java.util.Locale;
import javafx.geometry.HPos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/**
 * Spend against budget: a gauge for today and one for this month, in percent of the budget with sections at the
 * alert, soft and hard thresholds; and the top users and models today with the ledger's state.
 */
final class SpendTiles {
    private static final Color AMBER = Color.web("#e8a33d");
    private static final Color RED = Color.web("#e0543f");
    private static final Color DARK_RED = Color.web("#8e1f1f");

    private final Tile today = gauge("Spend today (UTC)");
    private final Tile month = gauge("Spend this month");
    private final Tile spenders;
    private final GridPane spenderGrid = new GridPane();
    private final Label ledgerLine = new Label();
    private int sectionsFor = -1;

    SpendTiles() {
        spenderGrid.setHgap(8);
        spenderGrid.setVgap(3);
        ColumnConstraints name = new ColumnConstraints();
        name.setHgrow(Priority.ALWAYS);
        ColumnConstraints value = new ColumnConstraints();
        value.setHalignment(HPos.RIGHT);
        spenderGrid.getColumnConstraints().addAll(name, value);
        ledgerLine.getStyleClass().add("spenders-foot");
        ledgerLine.setWrapText(true);
        VBox box = new VBox(6, spenderGrid, ledgerLine);
        spenders = TileBuilder.create().skinType(SkinType.CUSTOM).prefSize(DashboardController.TILE,
                DashboardController.TILE).title("Top spenders today").graphic(box).animated(false).build();
    }

    /** The ledger's line under the top spenders, as shown. */
    String ledgerLine() {
        return ledgerLine.getText();
    }

    List<Node> tiles() {
        return List.of(today, month, spenders);
    }

    private static Tile gauge(String title) {
        return TileBuilder.create().skinType(SkinType.GAUGE).prefSize(DashboardController.TILE, DashboardController.TILE)
                .title(title).unit("%").minValue(0).maxValue(140).decimals(0).sectionsVisible(true)
                .highlightSections(false).animated(false).build();
    }

    void show(LedgerSnapshot l) {
        BudgetsSnapshot b = l.budgets();
        if (sectionsFor != b.alertPercent() * 1_000_000 + b.softPercent() * 1_000 + b.hardPercent()) {
            sectionsFor = b.alertPercent() * 1_000_000 + b.softPercent() * 1_000 + b.hardPercent();
            double max = b.hardPercent() + 20;
            for (Tile t : List.of(today, month)) {
                t.setMaxValue(max);
                t.setSections(new Section(b.alertPercent(), b.softPercent(), AMBER),
                        new Section(b.softPercent(), b.hardPercent(), RED),
                        new Section(b.hardPercent(), max, DARK_RED));
            }
        }
        showGauge(today, b.todayUsd(), b.dailyLimitUsd(), "daily");
        showGauge(month, b.monthUsd(), b.monthlyLimitUsd(), "monthly");
        showSpenders(b, l);
    }

    private static void showGauge(Tile t, double spent, double limit, String which) {
        if (limit <= 0) {
            t.setValue(0);
            t.setDescription(String.format(Locale.ROOT, "$%s spent, no %s budget", Money.usd(spent), which));
            return;
        }
        double pct = 100 * spent / limit;
        t.setValue(Math.min(pct, t.getMaxValue()));
        t.setDescription(String.format(Locale.ROOT, "$%s of $%s", Money.usd(spent), Money.usd(limit)));
    }

    private void showSpenders(BudgetsSnapshot b, LedgerSnapshot l) {
        spenderGrid.getChildren().clear();
        int row = 0;
        row = section(row, "Users", b.topUsers());
        section(row, "Models", b.topModels());
        String line = switch (l.state()) {
            case "OFF" -> "Ledger off in this config: spend is not recorded";
            case "UP" -> String.format(Locale.ROOT, "Ledger up · %,d written · %,d pending", l.written(), l.pending());
            default -> String.format(Locale.ROOT, "Ledger %s · %,d pending in the journal · %s", l.state(),
                    l.pending(), l.reason());
        };
        // Records the database refused are set aside, never silently dropped: say how many, and why the last was.
        if (l.rejected() > 0) {
            line += String.format(Locale.ROOT, " · %,d set aside in ledger_rejected (last: %s)", l.rejected(),
                    l.lastRejection());
        }
        if (l.refused() > 0) {
            line += String.format(Locale.ROOT, " · %,d refused after close", l.refused());
        }
        ledgerLine.setText(line);
        boolean healthy = (l.state().equals("UP") || l.state().equals("STARTING")) && l.rejected() == 0;
        ledgerLine.setTextFill(healthy ? Color.web("#9aa5b1") : RED);
    }

    private int section(int row, String head, List<BudgetsSnapshot.Spender> list) {
        Label h = new Label(head);
        h.getStyleClass().add("spenders-head");
        spenderGrid.add(h, 0, row++);
        if (list.isEmpty()) {
            Label none = new Label("none yet");
            none.getStyleClass().add("spenders-name");
            spenderGrid.add(none, 0, row++);
        }
        for (BudgetsSnapshot.Spender s : list.subList(0, Math.min(3, list.size()))) {
            Label n = new Label(s.name());
            n.getStyleClass().add("spenders-name");
            Label v = new Label("$" + Money.usd(s.usd()));
            v.getStyleClass().add("spenders-value");
            spenderGrid.add(n, 0, row);
            spenderGrid.add(v, 1, row++);
        }
        return row;
    }
}
