package dev.switchboard.console.dashboard;

import dev.switchboard.console.Money;
import dev.switchboard.engine.cost.BudgetsSnapshot;
import dev.switchboard.engine.cost.LedgerSnapshot;
import eu.hansolo.tilesfx.Tile;
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
 * Spend against budget: a tile for today and one for this month, each the dollars spent, the budget, and a bar with
 * bands at the alert, soft and hard thresholds; and the top users and models today with the ledger's state.
 */
final class SpendTiles {
    private static final Color RED = BudgetBar.RED;

    private final Gauge today = new Gauge("Spend today (UTC)", "spendToday", "daily");
    private final Gauge month = new Gauge("Spend this month", "spendMonth", "monthly");
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
        spenders = CustomTiles.of("Top spenders today", box);
    }

    /** The ledger's line under the top spenders, as shown. */
    String ledgerLine() {
        return ledgerLine.getText();
    }

    List<Node> tiles() {
        return List.of(today.figure.tile, month.figure.tile, spenders);
    }

    Tile todayTile() {
        return today.figure.tile;
    }

    Tile monthTile() {
        return month.figure.tile;
    }

    Tile spendersTile() {
        return spenders;
    }

    void show(LedgerSnapshot l) {
        BudgetsSnapshot b = l.budgets();
        int key = b.alertPercent() * 1_000_000 + b.softPercent() * 1_000 + b.hardPercent();
        if (sectionsFor != key) {
            sectionsFor = key;
            for (Gauge g : List.of(today, month)) {
                g.bar.thresholds(b.alertPercent(), b.softPercent(), b.hardPercent());
            }
        }
        today.show(b.todayUsd(), b.dailyLimitUsd(), b.alertPercent());
        month.show(b.monthUsd(), b.monthlyLimitUsd(), b.alertPercent());
        showSpenders(b, l);
    }

    /**
     * One budget's tile: "$0.22", "of $5.00 daily budget", the bar, "4% · alert at 80%". The tile's value is the
     * percent and its description the "$spent of $budget" line, for tests and tooltips.
     */
    private static final class Gauge {
        final FigureTile figure;
        final BudgetBar bar = new BudgetBar();
        final String which;

        Gauge(String title, String id, String which) {
            this.which = which;
            figure = new FigureTile(title, id);
            bar.setId(id + "Bar");
            figure.box.getChildren().add(2, bar);
            VBox.setMargin(bar, new javafx.geometry.Insets(6, 0, 2, 0));
        }

        void show(double spent, double limit, int alertPercent) {
            if (limit <= 0) {
                figure.show(0, Money.usd(spent), "no " + which + " budget");
                figure.foot.setText("set one in the Budgets tab");
                figure.tile.setDescription(Money.usd(spent) + " spent, no " + which + " budget");
                bar.setVisible(false);
                return;
            }
            double pct = 100 * spent / limit;
            bar.setVisible(true);
            bar.show(pct);
            figure.show(pct, Money.usd(spent), "of " + Money.usd(limit) + " " + which + " budget");
            figure.foot.setText(String.format(Locale.ROOT, "%,.0f%% · alert at %d%%", pct, alertPercent));
            figure.tile.setDescription(Money.usd(spent) + " of " + Money.usd(limit));
        }
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
            Label v = new Label(Money.usd(s.usd()));
            v.getStyleClass().add("spenders-value");
            spenderGrid.add(n, 0, row);
            spenderGrid.add(v, 1, row++);
        }
        return row;
    }
}
