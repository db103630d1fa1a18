package dev.switchboard.console.requests;

import dev.switchboard.engine.telemetry.Step;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * A request's steps as horizontal bars on one time axis (a Gantt chart): a row per step, its bar from when it began
 * to when it ended, the whole request as the first row, so waits between steps show as gaps. Colours by kind
 * (styles/requests.css): a hit, a miss, a provider call, a failure, a guard, the queue, parsing.
 */
public final class TimelineChart extends GridPane {
    public TimelineChart() {
        getStyleClass().add("timeline-chart");
        setHgap(8);
        setVgap(3);
        ColumnConstraints name = new ColumnConstraints(150, 170, 220);
        ColumnConstraints track = new ColumnConstraints(120, 400, Double.MAX_VALUE);
        track.setHgrow(Priority.ALWAYS);
        ColumnConstraints took = new ColumnConstraints(70, 80, 110);
        took.setHalignment(javafx.geometry.HPos.RIGHT);
        getColumnConstraints().setAll(name, track, took);
    }

    /** Shows {@code steps} of a request that took {@code latencyNanos} in all. */
    public void show(List<Step> steps, long latencyNanos) {
        getChildren().clear();
        long end = latencyNanos;
        for (Step s : steps) {
            end = Math.max(end, s.offsetNanos() + s.nanos());
        }
        double total = Math.max(1, end);
        addRow(0, "request", new Bar(0, latencyNanos / total, "step-total"), RequestRows.duration(latencyNanos));
        int row = 1;
        for (Step s : steps) {
            Bar bar = new Bar(s.offsetNanos() / total, (s.offsetNanos() + s.nanos()) / total, RequestRows.kind(s));
            Tooltip.install(bar, new Tooltip(RequestRows.step(s) + ": " + RequestRows.duration(s.nanos())
                    + ", from " + RequestRows.duration(s.offsetNanos())));
            addRow(row++, RequestRows.step(s), bar, RequestRows.duration(s.nanos()));
        }
        if (steps.isEmpty()) {
            Label none = new Label("No steps recorded (the request log records them while logs.recent_requests is on).");
            none.getStyleClass().add("hint");
            add(none, 0, row++, 3, 1);
        }
        Label zero = new Label("0");
        Label last = new Label(RequestRows.duration(end));
        zero.getStyleClass().add("hint");
        last.getStyleClass().add("hint");
        GridPane axis = new GridPane();
        axis.add(zero, 0, 0);
        Region gap = new Region();
        GridPane.setHgrow(gap, Priority.ALWAYS);
        axis.add(gap, 1, 0);
        axis.add(last, 2, 0);
        add(axis, 1, row);
    }

    private void addRow(int row, String name, Bar bar, String took) {
        Label n = new Label(name);
        n.getStyleClass().add("step-name");
        n.setMinWidth(Region.USE_PREF_SIZE);
        Label t = new Label(took);
        t.getStyleClass().add("step-took");
        t.setAlignment(Pos.CENTER_RIGHT);
        add(n, 0, row);
        add(bar, 1, row);
        add(t, 2, row);
    }

    /** One bar on the track, placed by fractions of the request's time so it follows the width. */
    static final class Bar extends Region {
        private final Region fill = new Region();
        private final double from;
        private final double to;

        Bar(double from, double to, String kind) {
            this.from = Math.max(0, Math.min(1, from));
            this.to = Math.max(this.from, Math.min(1, to));
            getStyleClass().add("step-track");
            fill.getStyleClass().addAll("step-bar", kind);
            getChildren().add(fill);
            setMinHeight(16);
            setPrefHeight(18);
        }

        double from() {
            return from;
        }

        double to() {
            return to;
        }

        @Override
        protected void layoutChildren() {
            double w = getWidth();
            double h = getHeight();
            double x = snapPositionX(from * w);
            // At least 2 px, so a step of a few nanoseconds is still seen where it happened.
            double bw = Math.max(2, snapSizeX((to - from) * w));
            fill.resizeRelocate(Math.min(x, Math.max(0, w - bw)), 2, bw, Math.max(1, h - 4));
        }
    }
}
