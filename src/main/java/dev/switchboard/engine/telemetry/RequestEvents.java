package dev.switchboard.engine.telemetry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's request listeners. With none registered a request pays one volatile read; a listener that throws
 * is counted and logged once, and never fails the request it was told about.
 */
public final class RequestEvents {
    private static final Logger LOG = LoggerFactory.getLogger(RequestEvents.class);

    private final List<RequestListener> listeners = new CopyOnWriteArrayList<>();
    private final LongAdder listenerFailures = new LongAdder();
    private volatile boolean detail;

    public void add(RequestListener l) {
        listeners.add(java.util.Objects.requireNonNull(l, "listener"));
        detail = listeners.stream().anyMatch(RequestListener::wantsDetail);
    }

    public void remove(RequestListener l) {
        listeners.remove(l);
        detail = listeners.stream().anyMatch(RequestListener::wantsDetail);
    }

    /** True while a listener reads the events' detail: the request path then records each request's steps. */
    public boolean wantsDetail() {
        return detail;
    }

    /** False when nobody listens: the caller need not build the event. */
    public boolean wanted() {
        return !listeners.isEmpty();
    }

    public void publish(RequestEvent e) {
        for (RequestListener l : listeners) {
            try {
                l.onRequest(e);
            } catch (RuntimeException ex) {
                listenerFailures.increment();
                if (listenerFailures.sum() == 1) {
                    LOG.warn("request listener {} failed: {} (counted; later failures are not logged)",
                            l.getClass().getName(), ex.toString());
                }
            }
        }
    }

    /** Listener calls that threw. */
    public long listenerFailures() {
        return listenerFailures.sum();
    }
}
