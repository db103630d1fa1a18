package dev.switchboard.console.dashboard;

import dev.switchboard.console.parsing.ParseFigures;
import dev.switchboard.console.parsing.RepromptRate;
import eu.hansolo.tilesfx.Tile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.HPos;
import javafx.geometry.VPos;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/**
 * Output parsing at a glance: the share of structured answers parsed, which strategy parsed them (a bar each, in
 * chain order, as a share of the parsed answers), re-prompts per minute (measured between snapshots) and failures.
 * Idle, it says so in words rather than showing zeros.
 */
final class ParserTile {
    static final String HELP = "Answers expected to be structured (a response_format, or a namespace's schema or "
            + "fields) go through the strategy chain until one parses them. strict: the whole answer is JSON; "
            + "extracted: JSON found inside prose or a fenced block; key-value: 'key: value' lines; flexible: other "
            + "delimiters, bullets, tables; re-prompt: the model was asked again to fix its output (a provider call "
            + "that costs). Bars: the share of parsed answers each strategy produced. Failed: no strategy parsed "
            + "the answer. The Parsing tab has the figures per strategy and per schema.";

    /** Chain order as the tile lists it (the engine's ids). */
    static final List<String> STRATEGIES = List.of("strict_json", "extracted_json", "key_value", "flexible",
            "reprompt");

    private static final Map<String, Color> COLORS = new LinkedHashMap<>();

    static {
        COLORS.put("strict_json", Tile.GREEN);
        COLORS.put("extracted_json", Tile.LIGHT_GREEN);
        COLORS.put("key_value", Tile.BLUE);
        COLORS.put("flexible", Tile.YELLOW_ORANGE);
        COLORS.put("reprompt", Tile.MAGENTA);
    }

    private final Label share = CustomTiles.label("parser-share", "parserShare");
    private final Label answers = CustomTiles.label("parser-line", "parserAnswers");
    private final GridPane bars = new GridPane();
    private final Map<String, Label> values = new LinkedHashMap<>();
    private final Map<String, TierBars.Bar> fills = new LinkedHashMap<>();
    private final Label foot = CustomTiles.label("parser-foot", "parserFoot");
    private final RepromptRate rate = new RepromptRate();
    private final Tile tile;
    private ParseFigures last;
    private double lastRate = Double.NaN;

    ParserTile() {
        bars.setId("parserBars");
        bars.setHgap(8);
        bars.setVgap(5);
        ColumnConstraints name = new ColumnConstraints();
        name.setMinWidth(70);
        ColumnConstraints bar = new ColumnConstraints();
        bar.setHgrow(Priority.ALWAYS);
        ColumnConstraints value = new ColumnConstraints();
        value.setHalignment(HPos.RIGHT);
        value.setMinWidth(40);
        bars.getColumnConstraints().addAll(name, bar, value);
        int row = 0;
        for (String s : STRATEGIES) {
            Label n = new Label(ParseFigures.label(s));
            n.getStyleClass().add("parser-bar-name");
            Label v = new Label("–");
            v.getStyleClass().add("parser-bar-value");
            v.setId("parserShare-" + s);
            TierBars.Bar b = new TierBars.Bar(COLORS.get(s));
            bars.add(n, 0, row);
            bars.add(b, 1, row);
            bars.add(v, 2, row);
            GridPane.setValignment(b, VPos.CENTER);
            values.put(s, v);
            fills.put(s, b);
            row++;
        }
        foot.setWrapText(true);
        answers.setWrapText(true);
        VBox box = new VBox(4, share, answers, bars, foot);
        box.getStyleClass().add("parser-tile");
        CustomTiles.explain(box, HELP);
        tile = CustomTiles.of("Output parsing", box);
    }

    Tile tile() {
        return tile;
    }

    void show(ParseFigures f) {
        double perMinute = rate.add(f.takenAtMillis(), f.reprompts());
        if (f.equals(last) && sameRate(perMinute)) {
            return;
        }
        boolean sameCounts = last != null && f.withTime(0).equals(last.withTime(0));
        last = f;
        lastRate = perMinute;
        if (!sameCounts) {
            showCounts(f);
        }
        showFoot(f, perMinute);
    }

    private boolean sameRate(double r) {
        return Double.compare(r, lastRate) == 0;
    }

    private void showCounts(ParseFigures f) {
        if (!f.enabled()) {
            share.setText("OFF");
            answers.setText("off in the config: answers are returned as written");
        } else if (f.answers() == 0) {
            share.setText("idle");
            answers.setText("no structured answers yet");
        } else {
            share.setText(String.format(Locale.ROOT, "%s parsed", percent(f.parsedShare())));
            answers.setText(String.format(Locale.ROOT, "of %,d structured %s", f.answers(),
                    f.answers() == 1 ? "answer" : "answers"));
        }
        long parsed = 0;
        for (String s : STRATEGIES) {
            ParseFigures.StrategyRow r = f.strategy(s);
            parsed += r == null ? 0 : r.successes();
        }
        for (String s : STRATEGIES) {
            ParseFigures.StrategyRow r = f.strategy(s);
            long n = r == null ? 0 : r.successes();
            double part = parsed == 0 ? 0 : (double) n / parsed;
            values.get(s).setText(parsed == 0 ? "–" : percent(part));
            fills.get(s).share(part);
        }
    }

    private void showFoot(ParseFigures f, double perMinute) {
        if (!f.enabled()) {
            foot.setText("turn it on in the Parsing tab");
            return;
        }
        String perMin = Double.isNaN(perMinute) ? "– re-prompts/min"
                : String.format(Locale.ROOT, perMinute < 10 ? "%.1f re-prompts/min" : "%,.0f re-prompts/min",
                        perMinute);
        foot.setText(String.format(Locale.ROOT, "%s · %,d failed", perMin, f.failed()));
        foot.getStyleClass().remove("parser-failing");
        if (f.failed() > 0) {
            foot.getStyleClass().add("parser-failing");
        }
    }

    /** Whole percent, or one decimal under 10% (so 0.4% is not read as none). */
    static String percent(double share) {
        if (Double.isNaN(share)) {
            return "–";
        }
        double p = 100 * share;
        if (share < 1 && p >= 99.5) {
            // Not all: never rounded up to 100%.
            return String.format(Locale.ROOT, "%.1f%%", Math.floor(p * 10) / 10);
        }
        return p >= 10 || p == 0 ? String.format(Locale.ROOT, "%.0f%%", p) : String.format(Locale.ROOT, "%.1f%%", p);
    }

    /** The bar values as shown ("strict 80%"), for tests. */
    List<String> barLines() {
        return STRATEGIES.stream().map(s -> ParseFigures.label(s) + " " + values.get(s).getText()).toList();
    }
}
