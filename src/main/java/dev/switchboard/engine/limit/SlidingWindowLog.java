package dev.switchboard.engine.limit;

/**
 * "At most {@code limit} in any window of {@code windowNanos}", exactly: the times of the events still inside the
 * window, oldest first, in a ring that grows as needed. Memory follows the traffic, not the limit, so a plan of a
 * million a minute costs nothing for a user who sends ten. Not thread-safe; callers hold the owner's lock.
 */
public final class SlidingWindowLog {
    private static final int INITIAL = 8;

    private final int limit;
    private final long windowNanos;
    private long[] times = new long[INITIAL];
    private int head;
    private int size;

    public SlidingWindowLog(int limit, long windowNanos) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        this.limit = limit;
        this.windowNanos = windowNanos;
    }

    public int limit() {
        return limit;
    }

    private void evict(long now) {
        while (size > 0 && now - times[head] >= windowNanos) {
            head = (head + 1) % times.length;
            size--;
        }
    }

    /** @return 0 when an event now is within the limit, else the nanoseconds until it would be */
    public long waitNanos(long now) {
        evict(now);
        if (size < limit) {
            return 0;
        }
        return windowNanos - (now - times[head]);
    }

    /** Records an event now; call after {@link #waitNanos} said 0. */
    public void record(long now) {
        evict(now);
        if (size == limit) {
            // Over the limit by the caller's choice (it did not ask first): forget the oldest.
            head = (head + 1) % times.length;
            size--;
        }
        if (size == times.length) {
            long[] grown = new long[(int) Math.min((long) limit, 2L * times.length)];
            for (int i = 0; i < size; i++) {
                grown[i] = times[(head + i) % times.length];
            }
            times = grown;
            head = 0;
        }
        times[(head + size) % times.length] = now;
        size++;
    }

    /** Records the event if it is within the limit; returns what {@link #waitNanos} said. */
    public long tryAcquire(long now) {
        long wait = waitNanos(now);
        if (wait == 0) {
            record(now);
        }
        return wait;
    }
}
