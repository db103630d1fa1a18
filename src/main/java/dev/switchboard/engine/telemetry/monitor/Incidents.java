package dev.switchboard.engine.telemetry.monitor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Open and resolved incidents: at most one open per monitor and subject, opened when a finding holds, updated while
 * it holds, resolved when it has been clear of it (well under the warning level) for {@code resolve_after}. Notifications are rate-limited per key: an incident that re-opens within
 * {@code notify_interval} of the last trigger sent for its key is kept quiet, and so is its resolve.
 */
final class Incidents {
    /** @param clearSince when the condition was first seen clear, -1 while it holds */
    private record Open(Incident incident, boolean notified, long clearSince) {
        Open(Incident incident, boolean notified) {
            this(incident, notified, -1);
        }
    }

    private final Map<String, Open> open = new ConcurrentHashMap<>();
    private final Map<String, Long> lastTriggerAt = new ConcurrentHashMap<>();
    private final Deque<Incident> resolved = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();
    private final LongAdder suppressed = new LongAdder();
    private final Supplier<AlertSettings> settings;
    private final Consumer<Notification> sink;

    Incidents(Supplier<AlertSettings> settings, Consumer<Notification> sink) {
        this.settings = settings;
        this.sink = sink;
    }

    /** Applies one finding at {@code nowMillis}; notifies outside the map's lock. */
    void apply(Finding f, long nowMillis) {
        if (!f.judged()) {
            return;
        }
        String key = f.key();
        Open current = open.get(key);
        if (current == null && f.severity() == null) {
            return; // the common case: nothing wrong, nothing open; no lock taken
        }
        Notification[] out = new Notification[1];
        open.compute(key, (k, cur) -> {
            if (cur == null) {
                if (f.severity() == null) {
                    return null;
                }
                Incident i = new Incident(ids.incrementAndGet(), f.monitor(), f.subject(), f.severity(), nowMillis,
                        f.value(), f.threshold(), f.unit(), f.causes(), 0);
                Long last = lastTriggerAt.get(k);
                boolean quiet = last != null && nowMillis - last < settings.get().notifyInterval().toMillis();
                if (quiet) {
                    suppressed.increment();
                } else {
                    lastTriggerAt.put(k, nowMillis);
                    out[0] = new Notification(Notification.Transition.OPENED, i);
                }
                return new Open(i, !quiet);
            }
            if (f.severity() == null && !f.clear()) {
                // Under the warning level but not clear of it: still open, with the new reading.
                return new Open(cur.incident().reading(cur.incident().severity(), f.value(),
                        f.causes().isEmpty() ? cur.incident().topCauses() : f.causes()), cur.notified());
            }
            long clearSince = cur.clearSince() < 0 ? nowMillis : cur.clearSince();
            if (f.severity() == null && nowMillis - clearSince < settings.get().resolveAfter().toMillis()) {
                // Clear, but not for long enough yet: the timed sweep or the next request looks again.
                return new Open(cur.incident().clearingReading(f.value(), f.causes()), cur.notified(), clearSince);
            }
            if (f.severity() == null) {
                Incident done = cur.incident().resolved(nowMillis);
                remember(done);
                if (cur.notified()) {
                    out[0] = new Notification(Notification.Transition.RESOLVED, done);
                }
                return null;
            }
            Incident now = cur.incident().reading(worse(cur.incident().severity(), f.severity()), f.value(),
                    f.causes().isEmpty() ? cur.incident().topCauses() : f.causes());
            if (cur.notified() && now.severity() != cur.incident().severity()) {
                out[0] = new Notification(Notification.Transition.ESCALATED, now);
            }
            return new Open(now, cur.notified());
        });
        if (out[0] != null) {
            sink.accept(out[0]);
        }
    }

    /** An incident keeps its worst severity while open: a critical dipping to warning does not flap. */
    private static Severity worse(Severity a, Severity b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private void remember(Incident done) {
        synchronized (resolved) {
            resolved.addFirst(done);
            while (resolved.size() > settings.get().keepResolved()) {
                resolved.removeLast();
            }
        }
    }

    /** The open incidents' keys of one monitor (the timed monitors resolve those whose subject went quiet). */
    List<String> openSubjects(String monitor) {
        List<String> out = new ArrayList<>();
        for (Open o : open.values()) {
            if (o.incident().monitor().equals(monitor)) {
                out.add(o.incident().subject());
            }
        }
        return out;
    }

    long suppressed() {
        return suppressed.sum();
    }

    List<Incident> openNow() {
        List<Incident> out = new ArrayList<>(open.values().stream().map(Open::incident).toList());
        out.sort(Comparator.comparing(Incident::severity).reversed().thenComparingLong(Incident::openedAtMillis));
        return out;
    }

    List<Incident> resolvedRecently() {
        synchronized (resolved) {
            return List.copyOf(resolved);
        }
    }
}
