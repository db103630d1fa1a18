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
 * Measures how busy the FX thread is, for {@code bench console}: the frame time, i.e. the time each pulse spends
 * on the FX thread (animations, CSS, layout, sync to the renderer), and how long a task posted with
 * {@code Platform.runLater} waits before it runs (a probe every 10 ms), which also counts time the thread waited
 * for a CPU. Uses the toolkit's internal post-scene pulse listener: JavaFX is on the class path here.
 */
public final class FxFrameMonitor implements AutoCloseable {
    private final Recorder pulseNanos = new Recorder(3);
    private final Recorder runLaterNanos = new Recorder(3);
    private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().name("sb-fx-probe").daemon().unstarted(r));
    private final javafx.animation.AnimationTimer before;
    private final TKPulseListener after;
    private long pulseStart;
    private final Histogram pulseTotal = new Histogram(3);
    private final Histogram runLaterTotal = new Histogram(3);

    /** Call on the FX thread. */
    public FxFrameMonitor() {
        // Animation timers run first in a pulse and post-scene listeners last, so the span between them is the
        // FX thread's work for the frame: animations, CSS, layout and the sync to the render thread. A running
        // timer also keeps pulses coming at 60 a second, as an animated window would.
        before = new javafx.animation.AnimationTimer() {
            @Override
            public void handle(long now) {
                pulseStart = System.nanoTime();
            }
        };
        after = () -> {
            if (pulseStart != 0) {
                pulseNanos.recordValue(Math.max(1, System.nanoTime() - pulseStart));
                pulseStart = 0;
            }
        };
        before.start();
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

    /** Everything since the last call; also added to the totals unless {@code discard}. */
    public synchronized Stats take(boolean discard) {
        Histogram p = pulseNanos.getIntervalHistogram();
        Histogram r = runLaterNanos.getIntervalHistogram();
        if (!discard) {
            pulseTotal.add(p);
            runLaterTotal.add(r);
        }
        return stats(p, r);
    }

    /** All intervals taken without {@code discard}. */
    public synchronized Stats total() {
        return stats(pulseTotal, runLaterTotal);
    }

    private static Stats stats(Histogram p, Histogram r) {
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
            before.stop();
            Toolkit.getToolkit().removePostSceneTkPulseListener(after);
        });
    }
}
