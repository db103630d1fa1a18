package dev.switchboard.console.cache;

import dev.switchboard.engine.cache.semantic.Calibration;
import java.util.List;
import java.util.Locale;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.shape.Line;
import javafx.scene.text.Text;

/**
 * The calibration table as two curves against the threshold, true-hit and false-hit rate in percent, with a
 * vertical line at the running threshold and one at the edited threshold, so the operator sees what moving the
 * setting trades before applying it. The lines are plot children placed on each layout, not series: a series
 * would stretch the rate axis to its ends and join the legend.
 */
public final class CalibrationChart extends LineChart<Number, Number> {
    private final XYChart.Series<Number, Number> trueHits = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> falseHits = new XYChart.Series<>();
    private final Marker running = new Marker("running", "calibration-running");
    private final Marker edited = new Marker("edited", "calibration-edited");

    public CalibrationChart() {
        super(new NumberAxis(0.8, 1.0, 0.025), new NumberAxis());
        NumberAxis x = (NumberAxis) getXAxis();
        x.setAutoRanging(false);
        x.setLabel("threshold (similarity less the margin penalty)");
        x.setTickLabelFormatter(new NumberAxis.DefaultFormatter(x) {
            @Override
            public String toString(Number n) {
                return String.format(Locale.ROOT, "%.3f", n.doubleValue());
            }
        });
        NumberAxis y = (NumberAxis) getYAxis();
        y.setLabel("% of lookups");
        y.setForceZeroInRange(true);
        setAnimated(false);
        setCreateSymbols(false);
        getStyleClass().add("calibration-chart");
        trueHits.setName("true-hit rate");
        falseHits.setName("false-hit rate");
        getData().setAll(List.of(trueHits, falseHits));
        getPlotChildren().addAll(running.line, running.label, edited.line, edited.label);
    }

    /** One vertical line with its caption. */
    private static final class Marker {
        final String name;
        final Line line = new Line();
        final Text label = new Text();
        Double at;

        Marker(String name, String style) {
            this.name = name;
            line.getStyleClass().addAll("calibration-marker", style);
            label.getStyleClass().addAll("calibration-marker-label", style);
            line.setManaged(false);
            label.setManaged(false);
        }
    }

    /** Draws {@code c}'s rows; null clears the curves. */
    public void show(Calibration c) {
        if (c == null) {
            trueHits.getData().clear();
            falseHits.getData().clear();
            return;
        }
        List<Calibration.Row> rows = c.table();
        // Ascending, the axis's order, so the path is drawn left to right.
        List<Calibration.Row> up = rows.reversed();
        trueHits.getData().setAll(up.stream()
                .map(r -> new XYChart.Data<Number, Number>(r.threshold(), 100 * r.trueHitRate())).toList());
        falseHits.getData().setAll(up.stream()
                .map(r -> new XYChart.Data<Number, Number>(r.threshold(), 100 * r.falseHitRate())).toList());
        NumberAxis x = (NumberAxis) getXAxis();
        double lowest = up.getFirst().threshold();
        x.setLowerBound(Math.floor(lowest * 40) / 40);
        x.setUpperBound(1.0);
        requestChartLayout();
    }

    /** The thresholds to mark; null (unknown) or one outside the axis hides its line. */
    public void mark(Double runningThreshold, Double editedThreshold) {
        running.at = runningThreshold;
        edited.at = editedThreshold;
        requestChartLayout();
    }

    public Double runningMark() {
        return running.at;
    }

    public Double editedMark() {
        return edited.at;
    }

    /** Whether the edited line is drawn (it is not when it coincides with the running one, or is off the axis). */
    public boolean editedShown() {
        return edited.line.isVisible();
    }

    public boolean runningShown() {
        return running.line.isVisible();
    }

    public List<XYChart.Data<Number, Number>> trueHitPoints() {
        return trueHits.getData();
    }

    public List<XYChart.Data<Number, Number>> falseHitPoints() {
        return falseHits.getData();
    }

    @Override
    protected void layoutPlotChildren() {
        super.layoutPlotChildren();
        boolean same = running.at != null && edited.at != null && Math.abs(running.at - edited.at) < 1e-9;
        place(running, same ? "running = edited" : running.name, 0);
        if (same) {
            edited.line.setVisible(false);
            edited.label.setVisible(false);
        } else {
            place(edited, edited.name, 1);
        }
    }

    private void place(Marker m, String caption, int slot) {
        NumberAxis x = (NumberAxis) getXAxis();
        NumberAxis y = (NumberAxis) getYAxis();
        boolean on = m.at != null && Double.isFinite(m.at) && m.at >= x.getLowerBound() && m.at <= x.getUpperBound();
        m.line.setVisible(on);
        m.label.setVisible(on);
        if (!on) {
            return;
        }
        double px = x.getDisplayPosition(m.at);
        double top = y.getDisplayPosition(y.getUpperBound());
        double bottom = y.getDisplayPosition(y.getLowerBound());
        m.line.setStartX(px);
        m.line.setEndX(px);
        m.line.setStartY(top);
        m.line.setEndY(bottom);
        m.label.setText(String.format(Locale.ROOT, "%s %.3f", caption, m.at));
        double w = m.label.getLayoutBounds().getWidth();
        // Captions on two rows, so close lines do not print over each other; kept inside the plot.
        double width = x.getWidth();
        double lx = px + 4 + w > width ? px - 4 - w : px + 4;
        m.label.setX(Math.max(0, lx));
        m.label.setY(top + 14 + slot * 16);
    }
}
