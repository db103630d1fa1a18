package dev.switchboard.engine.telemetry.monitor;

import dev.switchboard.engine.telemetry.RequestEvent;
import dev.switchboard.engine.telemetry.RequestListener;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The monitors, their incidents and the sinks (log, webhooks), behind one request listener. {@link #start} judges
 * the timed monitors once a second on a thread of its own; {@link #manual} leaves that to the caller (tests with a
 * fake clock call {@link #evaluate}). Closed, it refuses events and stops its threads.
 */
public final class Alerts implements RequestListener, AutoCloseable {
    private final Supplier<AlertSettings> settings;
    private final Incidents incidents;
    private final Monitors monitors;
    private final WebhookDispatcher webhooks;
    private final ScheduledExecutorService ticker;
    private volatile boolean closed;

    private Alerts(Supplier<AlertSettings> settings, InstantSource clock, String source, boolean timed) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.webhooks = new WebhookDispatcher(settings, source);
        Consumer<Notification> log = new LogSink();
        this.incidents = new Incidents(settings, n -> {
            log.accept(n);
            webhooks.accept(n);
        });
        this.monitors = new Monitors(settings, clock, incidents);
        if (timed) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                    .name("alerts-monitors").unstarted(r));
            ticker.scheduleWithFixedDelay(this::evaluateQuietly, 1, 1, TimeUnit.SECONDS);
        } else {
            ticker = null;
        }
    }

    /**
     * Monitors judged once a second.
     *
     * @param source the name PagerDuty shows as the event's source (this instance)
     */
    public static Alerts start(Supplier<AlertSettings> settings, InstantSource clock, String source) {
        return new Alerts(settings, clock, source, true);
    }

    /** For tests: the timed monitors are judged only when {@link #evaluate} is called. */
    public static Alerts manual(Supplier<AlertSettings> settings, InstantSource clock, String source) {
        return new Alerts(settings, clock, source, false);
    }

    @Override
    public void onRequest(RequestEvent event) {
        if (closed) {
            throw new IllegalStateException("alerts are closed");
        }
        monitors.onRequest(event);
    }

    /** Judges the latency SLA and spend now. */
    public void evaluate() {
        if (closed) {
            throw new IllegalStateException("alerts are closed");
        }
        monitors.evaluateTimed();
    }

    private void evaluateQuietly() {
        try {
            monitors.evaluateTimed();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log and carry on.
            org.slf4j.LoggerFactory.getLogger(Alerts.class).warn("alert evaluation failed: {}", e.toString());
        }
    }

    public AlertsSnapshot snapshot() {
        return new AlertsSnapshot(settings.get().enabled(), incidents.openNow(), incidents.resolvedRecently(),
                webhooks.sent(), webhooks.failed(), incidents.suppressed());
    }

    /** Stops judging, sends what is queued (at most 5 s), then stops the webhooks' thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        webhooks.close();
    }
}
