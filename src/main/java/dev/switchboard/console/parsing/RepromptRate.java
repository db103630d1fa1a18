package dev.switchboard.console.parsing;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Re-prompts per minute, from successive snapshots' running totals: the count gained over the last minute of
 * samples (or over what has been seen, when less), scaled to a minute. The engine counts only totals; the rate is
 * the console's reading of them. A total that goes down (an engine restarted under the same console) starts over.
 */
public final class RepromptRate {
    static final long WINDOW_MILLIS = 60_000;

    private record Sample(long atMillis, long total) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();

    /**
     * Adds a snapshot's total and returns the rate per minute; NaN until two samples a moment apart are known.
     */
    public double add(long atMillis, long total) {
        Sample last = samples.peekLast();
        if (last != null && (total < last.total() || atMillis < last.atMillis())) {
            samples.clear();
        }
        if (last == null || atMillis != last.atMillis()) {
            samples.addLast(new Sample(atMillis, total));
        }
        // Keep one sample at or before the window's start, so a quiet minute still measures a whole minute.
        while (samples.size() > 2) {
            var it = samples.iterator();
            it.next();
            if (it.next().atMillis() <= atMillis - WINDOW_MILLIS) {
                samples.removeFirst();
            } else {
                break;
            }
        }
        return rate();
    }

    /** The rate per minute now; NaN until two samples a moment apart are known. */
    public double rate() {
        if (samples.size() < 2) {
            return Double.NaN;
        }
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        long span = last.atMillis() - first.atMillis();
        return span <= 0 ? Double.NaN : (last.total() - first.total()) * 60_000.0 / span;
    }
}
