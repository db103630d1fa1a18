package dev.switchboard.console.dashboard;

import java.util.List;
import java.util.Locale;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/**
 * A small area chart of the last minute, drawn on a canvas once a second. TilesFX's chart tiles rebuild a scene
 * graph of paths on every change; with the software renderer that cost a fifth of the engine's throughput in
 * `bench console`, and a canvas costs almost nothing.
 */
final class HistoryChart extends Region {
    private static final Color LINE = Color.web("#3aa0f0");
    private static final Color FILL = Color.web("#3aa0f0", 0.35);
    private static final Color GRID = Color.web("#ffffff", 0.12);
    private static final Color LABEL = Color.web("#9a9a9a");

    private final Canvas canvas = new Canvas();
    private List<Long> values = List.of();

    HistoryChart() {
        getChildren().add(canvas);
        setMinSize(120, 80);
    }

    void show(List<Long> newValues) {
        values = List.copyOf(newValues);
        draw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (w <= 0 || h <= 0) {
            return;
        }
        long max = niceCeiling(values.stream().mapToLong(Long::longValue).max().orElse(0));
        double left = 36;
        double top = 6;
        double bottom = h - 16;
        double plotW = w - left;
        double plotH = bottom - top;
        g.setFont(Font.font(10));
        g.setStroke(GRID);
        g.setLineWidth(1);
        for (int i = 0; i <= 2; i++) {
            double y = bottom - plotH * i / 2;
            g.strokeLine(left, y, w, y);
            g.setFill(LABEL);
            g.fillText(format(max * i / 2), 0, y + 3);
        }
        g.fillText("-60 s", left, h - 3);
        g.fillText("now", w - 20, h - 3);
        int n = values.size();
        if (n < 2) {
            return;
        }
        double[] xs = new double[n + 2];
        double[] ys = new double[n + 2];
        for (int i = 0; i < n; i++) {
            xs[i] = left + plotW * i / (n - 1);
            ys[i] = bottom - plotH * Math.min(1.0, values.get(i) / (double) max);
        }
        xs[n] = xs[n - 1];
        ys[n] = bottom;
        xs[n + 1] = xs[0];
        ys[n + 1] = bottom;
        g.setFill(FILL);
        g.fillPolygon(xs, ys, n + 2);
        g.setStroke(LINE);
        g.setLineWidth(1.5);
        g.strokePolyline(xs, ys, n);
    }

    /** 1, 2 or 5 times a power of ten, at least the value, so the scale reads at a glance. */
    static long niceCeiling(long v) {
        if (v <= 10) {
            return 10;
        }
        long p = 1;
        while (p * 10 <= v) {
            p *= 10;
        }
        for (long m : new long[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String format(long v) {
        if (v >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (v >= 10_000) {
            return String.format(Locale.ROOT, "%dk", v / 1000);
        }
        return String.format(Locale.ROOT, "%,d", v);
    }
}
