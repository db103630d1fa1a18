package dev.switchboard.engine.provider;

/**
 * The simulated upstream's own "N requests per second" limit in this process: the times of the last {@code limit}
 * calls it let through, in a ring; a call is within the limit when the oldest of them is a second old. A real
 * upstream counts its own way; this is the provider's stand-in for it, apart from the engine's admission control
 * ({@code engine.limit}), which it must not share code with: one judges the other. Not thread-safe; callers lock it.
 */
final class LocalUpstreamWindow {
    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final long[] times;
    private int next;
    private int size;

    LocalUpstreamWindow(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        this.times = new long[limit];
    }

    int limit() {
        return times.length;
    }

    /** Counts the call if it is within the limit; @return 0 if it was, else the nanoseconds until it would be. */
    long tryAcquire(long now) {
        if (size == times.length) {
            long wait = WINDOW_NANOS - (now - times[next]);
            if (wait > 0) {
                return wait;
            }
        } else {
            size++;
        }
        // `next` is the oldest slot once the ring is full: the call that just left the window makes room.
        times[next] = now;
        next = (next + 1) % times.length;
        return 0;
    }
}
