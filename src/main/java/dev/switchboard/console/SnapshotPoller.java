package dev.switchboard.console;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineSnapshot;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.HdrHistogram.Recorder;

/**
 * Takes {@code engine.snapshot()} on its own thread at most 4 times a second and hands the newest one to the FX
 * thread. Snapshots coalesce: if the FX thread has not taken the last one yet, the newer replaces it, so a busy
 * FX thread never builds a backlog and never waits on the engine.
 */
public final class SnapshotPoller implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SnapshotPoller.class);
    public static final long PERIOD_MILLIS = 250;

    private final Engine engine;
    private final List<Consumer<EngineSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<EngineSnapshot> pending = new AtomicReference<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().name("sb-snapshot-poller").daemon().unstarted(r));
    /** Time the FX thread spends applying a snapshot to the views, in nanoseconds. */
    private final Recorder applyNanos = new Recorder(3);
    private volatile EngineSnapshot latest;

    public SnapshotPoller(Engine engine) {
        this.engine = engine;
    }

    public void addListener(Consumer<EngineSnapshot> listener) {
        listeners.add(listener);
        EngineSnapshot s = latest;
        if (s != null) {
            listener.accept(s);
        }
    }

    public void start() {
        timer.scheduleAtFixedRate(this::poll, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            EngineSnapshot s = engine.snapshot();
            if (pending.getAndSet(s) == null) {
                Platform.runLater(this::deliver);
            }
        } catch (RuntimeException e) {
            // A failed snapshot or a stopped toolkit must not cancel the schedule; try again next tick.
            pending.set(null);
            LOG.debug("snapshot not delivered: {}", e.toString());
        }
    }

    private void deliver() {
        EngineSnapshot s = pending.getAndSet(null);
        if (s == null) {
            return;
        }
        long t = System.nanoTime();
        latest = s;
        for (Consumer<EngineSnapshot> l : listeners) {
            try {
                l.accept(s);
            } catch (RuntimeException e) {
                // One broken view must not freeze the others.
                LOG.warn("a view failed to show a snapshot", e);
            }
        }
        applyNanos.recordValue(Math.max(1, System.nanoTime() - t));
    }

    /** The newest snapshot the views have shown, or null before the first. */
    public EngineSnapshot latest() {
        return latest;
    }

    public Recorder applyTimes() {
        return applyNanos;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
