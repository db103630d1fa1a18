package dev.switchboard.engine.telemetry.monitor;

import dev.switchboard.engine.telemetry.RequestEvent;
import dev.switchboard.engine.telemetry.RequestListener;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The monitors, fed one request at a time on the request's thread. The error rate is judged as each request is
 * recorded (O(1): a ring write and a division), so an alert opens on the request that crossed the threshold; the
 * latency SLA and spend are judged by {@link #evaluateTimed} (once a second from the alerts' own thread).
 */
final class Monitors implements RequestListener {
    static final String ERROR_RATE = "error_rate";
    static final String LATENCY = "latency_p95";
    static final String SPEND = "spend";
    /** Subjects come from requests: a bound, so a flood of made-up namespaces cannot grow memory without end. */
    static final int MAX_SUBJECTS = 1000;

    private final Supplier<AlertSettings> settings;
    private final InstantSource clock;
    private final Incidents incidents;
    private final Map<String, ErrorWindow> errors = new ConcurrentHashMap<>();
    private final Map<String, LatencyWindow> latencies = new ConcurrentHashMap<>();
    private volatile SpendWindow spend;
    private final LongAdder unwatched = new LongAdder();
    /** "model X" and "namespace Y", built once: no concatenation and no re-hashing per request. */
    private final Map<String, String> modelSubjects = new ConcurrentHashMap<>();
    private final Map<String, String> namespaceSubjects = new ConcurrentHashMap<>();

    Monitors(Supplier<AlertSettings> settings, InstantSource clock, Incidents incidents) {
        this.settings = settings;
        this.clock = clock;
        this.incidents = incidents;
        this.spend = new SpendWindow(settings.get().spend().baselineHours(), clock.millis());
    }

    @Override
    public void onRequest(RequestEvent e) {
        AlertSettings s = settings.get();
        if (!s.enabled()) {
            return;
        }
        String model = e.model() != null ? e.model() : e.modelAsked();
        String ns = e.namespace() == null || e.namespace().isBlank() ? "default" : e.namespace();
        String modelSubject = model == null ? null : subject(modelSubjects, "model ", model);
        String nsSubject = subject(namespaceSubjects, "namespace ", ns);
        if (s.errorRate().enabled()) {
            Cause cause = Cause.of(e.outcome());
            AlertSettings.ErrorRate er = s.errorRate();
            if (model != null) {
                record(cause, modelSubject, er.threshold(), er, e.atMillis());
            }
            record(cause, nsSubject, er.thresholdFor(ns), er, e.atMillis());
        }
        if (s.latency().enabled() && !e.failed()) {
            if (model != null) {
                latencyWindow(modelSubject).record(e.atMillis(), e.latencyNanos());
            }
            latencyWindow(nsSubject).record(e.atMillis(), e.latencyNanos());
        }
        if (s.spend().enabled()) {
            spend.record(e.atMillis(), e.costMicros());
        }
    }

    private static String subject(Map<String, String> cache, String prefix, String name) {
        String s = cache.get(name);
        if (s != null) {
            return s;
        }
        return cache.size() >= MAX_SUBJECTS ? prefix + name : cache.computeIfAbsent(name, n -> prefix + n);
    }

    private void record(Cause cause, String subject, double threshold, AlertSettings.ErrorRate er, long atMillis) {
        ErrorWindow w = errors.get(subject);
        if (w == null || w.capacity() != er.window()) {
            if (w == null && errors.size() >= MAX_SUBJECTS) {
                unwatched.increment();
                return;
            }
            // A new window size starts the window afresh.
            ErrorWindow fresh = new ErrorWindow(er.window());
            w = errors.compute(subject, (k, cur) -> cur != null && cur.capacity() == er.window() ? cur : fresh);
        }
        incidents.apply(w.record(cause, subject, threshold, er), atMillis);
    }

    private LatencyWindow latencyWindow(String subject) {
        LatencyWindow w = latencies.get(subject);
        if (w != null) {
            return w;
        }
        if (latencies.size() >= MAX_SUBJECTS) {
            unwatched.increment();
            return new LatencyWindow(); // recorded nowhere
        }
        return latencies.computeIfAbsent(subject, k -> new LatencyWindow());
    }

    /** Judges the latency SLA and spend now; resolves what the timed monitors no longer see. */
    void evaluateTimed() {
        AlertSettings s = settings.get();
        long now = clock.millis();
        if (!s.enabled()) {
            return;
        }
        if (s.latency().enabled()) {
            latencies.forEach((subject, w) -> incidents.apply(w.evaluate(subject, now, s.latency()), now));
        } else {
            resolveAll(LATENCY, now);
        }
        if (s.spend().enabled()) {
            if (spend.baselineHours() != s.spend().baselineHours()) {
                spend = new SpendWindow(s.spend().baselineHours(), now);
            }
            incidents.apply(spend.evaluate(now, s.spend()), now);
        } else {
            resolveAll(SPEND, now);
        }
        if (!s.errorRate().enabled()) {
            resolveAll(ERROR_RATE, now);
        } else {
            // Open incidents whose subject went quiet still resolve once clear for resolve_after.
            for (String subject : incidents.openSubjects(ERROR_RATE)) {
                ErrorWindow w = errors.get(subject);
                incidents.apply(w == null ? Finding.cleared(ERROR_RATE, subject, 0, "") : w.peek(subject,
                        s.errorRate()), now);
            }
        }
    }

    private void resolveAll(String monitor, long now) {
        for (String subject : incidents.openSubjects(monitor)) {
            incidents.apply(Finding.cleared(monitor, subject, 0, ""), now);
        }
    }

    /** Requests whose subject was not watched because {@link #MAX_SUBJECTS} were already. */
    long unwatched() {
        return unwatched.sum();
    }
}
