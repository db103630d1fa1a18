package dev.switchboard.engine.provider;

/**
 * The upstream's own limit: at most {@code limit} requests in any one-second sliding window. Keeps the arrival
 * times of the last {@code limit} accepted requests in a ring; a request arriving less than a second after the
 * oldest of them breaks the limit.
 */
final class UpstreamRateWindow {
    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final int limit;
    private final long[] ring;
    private int head;

    UpstreamRateWindow(int limit) {
        this.limit = limit;
        this.ring = new long[limit];
        java.util.Arrays.fill(ring, Long.MIN_VALUE);
    }

    int limit() {
        return limit;
    }

    /** @return 0 when the request is within the limit, else the nanoseconds until it would have been */
    synchronized long tryAcquire(long nowNanos) {
        long oldest = ring[head];
        if (oldest != Long.MIN_VALUE && nowNanos - oldest < WINDOW_NANOS) {
            return WINDOW_NANOS - (nowNanos - oldest);
        }
        ring[head] = nowNanos;
        head = (head + 1) % limit;
        return 0;
    }
}
