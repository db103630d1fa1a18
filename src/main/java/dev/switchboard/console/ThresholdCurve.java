package dev.switchboard.console;

import dev.switchboard.engine.config.SwitchboardConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * What a cascade's threshold would do on recorded traffic: for each threshold, the share the cheap stage would
 * answer, the accuracy and the cost per week. The Routing tab's "Threshold curve" calls it on a background task;
 * the implementation (a sweep in the replay harness) is handed in through {@link ConsoleContext#thresholdCurve()}.
 * Until one is, {@link #UNAVAILABLE} says so.
 */
@FunctionalInterface
public interface ThresholdCurve {
    /** The console's words for "no sweep was wired in", shown as they are. */
    String NOT_AVAILABLE = "threshold sweep not available";

    ThresholdCurve UNAVAILABLE = (cfg, route, workload, progress) -> {
        throw new UnsupportedOperationException(NOT_AVAILABLE);
    };

    /**
     * @param threshold      the cascade's threshold, in [0, 1]
     * @param cheapShare     the share of requests the first (cheapest) stage would answer, in [0, 1]
     * @param accuracy       the share of answers judged right, in [0, 1]
     * @param costPerWeekUsd the workload's cost scaled to a week of the same traffic
     */
    record Row(double threshold, double cheapShare, double accuracy, double costPerWeekUsd) {
    }

    /**
     * Runs off the FX thread (I/O and provider calls are fine). Cancel interrupts the calling thread: an
     * implementation should stop soon after and may throw; the console discards what it returns after a cancel.
     *
     * @param cfg      the running config (the cascade as applied, not as edited)
     * @param route    the cascade route's name in {@code cfg}
     * @param workload a JSON Lines workload
     * @param progress receives the share done, 0 to 1, from the computing thread
     * @return rows in increasing threshold
     */
    List<Row> compute(SwitchboardConfig cfg, String route, Path workload, DoubleConsumer progress);
}
