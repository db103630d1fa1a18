package dev.switchboard.console;

import com.sun.javafx.tk.TKPulseListener;
import com.sun.javafx.tk.Toolkit;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Measures how busy the FX thread is, for {@code bench console}: the time each pulse spends on the FX thread
 * (scene CSS, layout and sync to the renderer, via the toolkit's pulse listeners) and how long a task posted with
 * {@code Platform.runLater} waits before it runs (a probe every 10 ms). Both are in nanoseconds.
 */
public final class FxFrameMonitor implements AutoCloseable {
    private final Recorder pulseNanos = new Recorder(3);
    private final Recorder runLaterNanos = new Recorder(3);
    private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().name("sb-fx-probe").daemon().unstarted(r));
    private final TKPulseListener before;
    private final TKPulseListener after;
    private long pulseStart;

    /** Call on the FX thread. */
    public FxFrameMonitor() {
        before = () -> pulseStart = System.nanoTime();
        after = () -> {
            if (pulseStart != 0) {
                pulseNanos.recordValue(Math.max(1, System.nanoTime() - pulseStart));
            }
        };
        Toolkit.getToolkit().addSceneTkPulseListener(before);
        Toolkit.getToolkit().addPostSceneTkPulseListener(after);
        probe.scheduleAtFixedRate(() -> {
            long posted = System.nanoTime();
            Platform.runLater(() -> runLaterNanos.recordValue(Math.max(1, System.nanoTime() - posted)));
        }, 10, 10, TimeUnit.MILLISECONDS);
    }

    /** Percentiles since the last call, in milliseconds. */
    public record Stats(long pulses, double pulseP50, double pulseP99, double pulseMax, long probes,
                        double runLaterP50, double runLaterP99, double runLaterMax) {
        public String toJson() {
            return String.format(Locale.ROOT, "{\"pulses\": %d, \"pulse_ms\": {\"p50\": %.3f, \"p99\": %.3f, \"max\": %.3f}, "
                    + "\"runlater_wait_ms\": {\"count\": %d, \"p50\": %.3f, \"p99\": %.3f, \"max\": %.3f}}",
                    pulses, pulseP50, pulseP99, pulseMax, probes, runLaterP50, runLaterP99, runLaterMax);
        }
    }

    public Stats take() {
        Histogram p = pulseNanos.getIntervalHistogram();
        Histogram r = runLaterNanos.getIntervalHistogram();
        return new Stats(p.getTotalCount(), ms(p.getValueAtPercentile(50)), ms(p.getValueAtPercentile(99)),
                ms(p.getMaxValue()), r.getTotalCount(), ms(r.getValueAtPercentile(50)), ms(r.getValueAtPercentile(99)),
                ms(r.getMaxValue()));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    @Override
    public void close() {
        probe.shutdownNow();
        Platform.runLater(() -> {
            Toolkit.getToolkit().removeSceneTkPulseListener(before);
            Toolkit.getToolkit().removePostSceneTkPulseListener(after);
        });
    }
}
