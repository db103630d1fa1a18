package dev.switchboard.console;

import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.replay.RouteSweep;
import dev.switchboard.workload.Workload;
import dev.switchboard.workload.WorkloadReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * The threshold curve by {@link RouteSweep}: the workload replayed once per threshold, from 0.50 to 0.95 by 0.05,
 * on a quiet engine of its own (no caches, no ledger, no simulated latency), scored by the simulator's quality
 * model. Cancel interrupts the calling thread; the replay's workers look at it between requests.
 */
public final class SweepCurve implements ThresholdCurve {
    private static final double[] THRESHOLDS = {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};

    @Override
    public List<Row> compute(SwitchboardConfig cfg, String route, Path workload, DoubleConsumer progress) {
        Workload w;
        try {
            w = WorkloadReader.read(workload);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + workload + ": " + e.getMessage(), e);
        }
        if (w.entries().isEmpty()) {
            throw new IllegalArgumentException(workload.getFileName() + ": no usable lines"
                    + (w.problems().isEmpty() ? "" : " (first problem: " + w.problems().get(0) + ")"));
        }
        Thread caller = Thread.currentThread();
        return RouteSweep.curve(cfg, w, route, THRESHOLDS, progress, caller::isInterrupted).stream()
                .map(r -> new Row(r.threshold(), r.cheapShare(), r.accuracy(), r.costPerWeekUsd())).toList();
    }
}
