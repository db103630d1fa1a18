package dev.switchboard.console.dashboard;

import dev.switchboard.console.guardrails.BlockWatch;
import dev.switchboard.console.guardrails.GuardFigures;
import eu.hansolo.tilesfx.Tile;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.HPos;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The guards at a glance: texts checked, how many were blocked, redacted and flagged, and the rules that fired
 * most. Red (the count and the tile's border) while something was blocked within the last minute, so a burst of
 * refused requests is seen from across the room.
 */
final class GuardTile {
    /** Rules listed; the rest are summed into one line. */
    static final int RULES = 3;

    static final String HELP = "Every request's input and every answer's output is checked. Blocked: refused "
            + "(guardrail_blocked, HTTP 400), nothing sent upstream or back. Redacted: the match was replaced (e.g. "
            + "[EMAIL]) before it went on. Flagged: let through as written and counted. Rules: pii.email, "
            + "pii.phone, pii.card, pii.iban, pii.ssn, pii.ip; secrets (API keys, tokens); injection (a prompt "
            + "injection score at or over the threshold); blocklist (a listed term). Red: something was blocked in "
            + "the last minute. The Guardrails tab sets the modes and tries a text.";

    private final Label checks = CustomTiles.label("guard-checks", "guardChecks");
    private final Label blocked = CustomTiles.label("guard-count", "guardBlocked");
    private final Label redacted = CustomTiles.label("guard-count", "guardRedacted");
    private final Label flagged = CustomTiles.label("guard-count", "guardFlagged");
    private final Label rulesHead = CustomTiles.label("spenders-head", "guardRulesHead");
    private final GridPane rules = new GridPane();
    private final Label foot = CustomTiles.label("spenders-foot", "guardFoot");
    private final BlockWatch watch = new BlockWatch();
    private final Tile tile;
    private GuardFigures last;
    private Boolean lastAlert;
    private boolean lastOn;

    GuardTile() {
        rules.setId("guardRules");
        rules.setHgap(8);
        rules.setVgap(2);
        ColumnConstraints name = new ColumnConstraints();
        name.setHgrow(Priority.ALWAYS);
        ColumnConstraints value = new ColumnConstraints();
        value.setHalignment(HPos.RIGHT);
        rules.getColumnConstraints().addAll(name, value);
        GridPane counts = new GridPane();
        counts.setHgap(10);
        int c = 0;
        for (Object[] col : new Object[][] {{blocked, "blocked", "guard-blocked"}, {redacted, "redacted",
                "guard-redacted"}, {flagged, "flagged", "guard-flagged"}}) {
            Label count = (Label) col[0];
            count.getStyleClass().add((String) col[2]);
            count.setText("0");
            Label caption = new Label((String) col[1]);
            caption.getStyleClass().add("guard-count-name");
            counts.add(count, c, 0);
            counts.add(caption, c, 1);
            ColumnConstraints cc = new ColumnConstraints();
            cc.setHgrow(Priority.ALWAYS);
            cc.setHalignment(HPos.CENTER);
            counts.getColumnConstraints().add(cc);
            c++;
        }
        foot.setWrapText(true);
        rulesHead.setWrapText(true);
        VBox box = new VBox(4, checks, counts, rulesHead, rules, foot);
        box.getStyleClass().add("guard-tile");
        CustomTiles.explain(box, HELP);
        tile = CustomTiles.of("Guardrails", box);
    }

    Tile tile() {
        return tile;
    }

    /**
     * @param uptimeMillis the engine's, so blocks of its first minute count as recent on the first snapshot
     * @param on           whether any guard is on in the running config (off, the tile says so in words)
     */
    void show(GuardFigures g, long uptimeMillis, boolean on) {
        boolean alert = watch.add(g.takenAtMillis(), g.blocked(), uptimeMillis);
        boolean sameCounts = last != null && g.byRule().equals(last.byRule()) && g.checks() == last.checks()
                && g.blocked() == last.blocked() && g.redacted() == last.redacted() && g.flagged() == last.flagged()
                && on == lastOn;
        last = g;
        lastOn = on;
        if (!sameCounts) {
            showCounts(g);
            if (!on && g.checks() == 0) {
                checks.setText("OFF");
                rulesHead.setText("every guard is off in the config; the Guardrails tab turns them on");
            }
        }
        if (!Boolean.valueOf(alert).equals(lastAlert)) {
            lastAlert = alert;
            showAlert(alert);
        }
    }

    private void showCounts(GuardFigures g) {
        checks.setText(g.checks() == 0 ? "no checks yet"
                : String.format(Locale.ROOT, "%,d %s", g.checks(), g.checks() == 1 ? "check" : "checks"));
        blocked.setText(String.format(Locale.ROOT, "%,d", g.blocked()));
        redacted.setText(String.format(Locale.ROOT, "%,d", g.redacted()));
        flagged.setText(String.format(Locale.ROOT, "%,d", g.flagged()));
        rules.getChildren().clear();
        List<Map.Entry<String, Long>> byCount = g.rulesByCount();
        long total = byCount.stream().mapToLong(Map.Entry::getValue).sum();
        rulesHead.setText(total == 0 ? "Rules: nothing found" : String.format(Locale.ROOT, "Top rules (%,d found)",
                total));
        int row = 0;
        long rest = 0;
        for (Map.Entry<String, Long> e : byCount) {
            if (row < RULES) {
                addRule(row++, e.getKey(), e.getValue());
            } else {
                rest += e.getValue();
            }
        }
        if (rest > 0) {
            addRule(row, "other", rest);
        }
    }

    private void showAlert(boolean alert) {
        blocked.getStyleClass().remove("guard-alert");
        if (alert) {
            blocked.getStyleClass().add("guard-alert");
            tile.setBorderColor(Tile.RED);
            tile.setBorderWidth(3);
            foot.setText("blocked within the last minute");
            foot.getStyleClass().add("guard-alert-foot");
        } else {
            tile.setBorderColor(javafx.scene.paint.Color.TRANSPARENT);
            tile.setBorderWidth(0);
            foot.setText("nothing blocked in the last minute");
            foot.getStyleClass().remove("guard-alert-foot");
        }
    }

    private void addRule(int row, String rule, long n) {
        Label name = new Label(rule);
        name.getStyleClass().add("spenders-name");
        Label value = new Label(String.format(Locale.ROOT, "%,d", n));
        value.getStyleClass().add("spenders-value");
        rules.add(name, 0, row);
        rules.add(value, 1, row);
    }

    /** Whether the tile shows the last-minute alert, for tests. */
    boolean alerting() {
        return Boolean.TRUE.equals(lastAlert);
    }

    /** The rule lines as shown ("pii.email 12"), for tests. */
    List<String> ruleLines() {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < rules.getChildren().size(); i += 2) {
            out.add(((Label) rules.getChildren().get(i)).getText() + " "
                    + ((Label) rules.getChildren().get(i + 1)).getText());
        }
        return out;
    }
}
