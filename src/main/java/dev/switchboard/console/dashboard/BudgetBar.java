package dev.switchboard.console.dashboard;

import javafx.geometry.Insets;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * Spend against a budget as a horizontal gauge: the track runs to 20 points past the hard threshold, bands under
 * it mark the alert, soft and hard thresholds (amber, red, dark red), and the fill takes the colour of the band
 * the spend is in. Laid out by hand, like the tier bars.
 */
final class BudgetBar extends Region {
    static final Color NORMAL = Color.web("#3aa0f0");
    static final Color AMBER = Color.web("#e8a33d");
    static final Color RED = Color.web("#e0543f");
    static final Color DARK_RED = Color.web("#8e1f1f");

    private final Region track = band(Color.web("#3a3a3a"));
    private final Region alertBand = band(AMBER);
    private final Region softBand = band(RED);
    private final Region hardBand = band(DARK_RED);
    private final Region fill = band(NORMAL);
    private double percent;
    private double alert = 80;
    private double soft = 100;
    private double hard = 120;

    BudgetBar() {
        getChildren().addAll(track, alertBand, softBand, hardBand, fill);
        setMinHeight(14);
        setPrefHeight(14);
        setMaxHeight(14);
        setMinWidth(40);
        getStyleClass().add("budget-bar");
    }

    private static Region band(Color c) {
        Region r = new Region();
        r.setBackground(new Background(new BackgroundFill(c, new CornerRadii(2), Insets.EMPTY)));
        r.setManaged(false);
        return r;
    }

    void thresholds(int alertPercent, int softPercent, int hardPercent) {
        alert = alertPercent;
        soft = softPercent;
        hard = hardPercent;
        requestLayout();
    }

    /** @param p spend in percent of the budget */
    void show(double p) {
        percent = Math.max(0, p);
        Color c = percent >= hard ? DARK_RED : percent >= soft ? RED : percent >= alert ? AMBER : NORMAL;
        fill.setBackground(new Background(new BackgroundFill(c, new CornerRadii(2), Insets.EMPTY)));
        requestLayout();
    }

    /** The share of the track the fill covers, for tests. */
    double filled() {
        return Math.min(1, percent / max());
    }

    private double max() {
        return hard + 20;
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        double band = 3;
        double max = max();
        track.resizeRelocate(0, 0, w, h - band - 1);
        alertBand.resizeRelocate(w * alert / max, h - band, w * (soft - alert) / max, band);
        softBand.resizeRelocate(w * soft / max, h - band, w * (hard - soft) / max, band);
        hardBand.resizeRelocate(w * hard / max, h - band, w * (max - hard) / max, band);
        double f = percent == 0 ? 0 : Math.max(2, w * filled());
        fill.resizeRelocate(0, 0, f, h - band - 1);
    }
}
