package dev.switchboard.engine.limit;

import java.util.Arrays;

/**
 * "At most {@code limit} in any window of {@code windowNanos}", exactly: the times of the last {@code limit}
 * admitted events in a ring. An event arriving less than a window after the oldest of them would break the limit.
 * Not thread-safe; callers hold the owner's lock.
 */
public final class SlidingWindowLog {
    private final int limit;
    private final long windowNanos;
    private final long[] ring;
    private int head;

    public SlidingWindowLog(int limit, long windowNanos) {
        this.limit = limit;
        this.windowNanos = windowNanos;
        this.ring = new long[limit];
        Arrays.fill(ring, Long.MIN_VALUE);
    }

    public int limit() {
        return limit;
    }

    /** @return 0 when an event now is within the limit, else the nanoseconds until it would be */
    public long waitNanos(long now) {
        long oldest = ring[head];
        if (oldest == Long.MIN_VALUE || now - oldest >= windowNanos) {
            return 0;
        }
        return windowNanos - (now - oldest);
    }

    public void record(long now) {
        ring[head] = now;
        head = (head + 1) % limit;
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
