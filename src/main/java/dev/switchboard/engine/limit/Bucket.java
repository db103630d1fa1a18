package dev.switchboard.engine.limit;

/**
 * An upstream token bucket that hands out slots in arrival order (GCRA, the "virtual scheduling" form of a token
 * bucket): a request reserves the next free slot and waits for it, which is a FIFO queue without a queue object.
 *
 * <p>A reserved slot is when a caller may wake, not when its call starts: a thread wakes late under load, and two
 * calls whose slots were an interval apart can then start closer than that (this is how a 9.5/s bucket broke a
 * 10/s upstream). So every call also passes {@link #admitStart}, the same GCRA over the times calls really start.
 */
interface Bucket {
    /**
     * A reserved slot: how long to wait for it, and the bucket's mark for it (to give it back).
     *
     * @param waitNanos nanoseconds to wait (0: go now); negative when the wait would exceed the maximum, then
     *                  nothing is reserved and {@code -waitNanos} is how much too long it would be
     * @param mark      the bucket's state after this reservation; unchanged means it is still the newest
     * @param previous  the state before it, which giving it back restores
     */
    record Reservation(long waitNanos, long mark, long previous) {
        boolean granted() {
            return waitNanos >= 0;
        }
    }

    /** Reserves a slot, unless the wait for it would exceed {@code maxWaitNanos}. */
    Reservation reserve(long maxWaitNanos);

    /**
     * Gives back the newest reservation when its caller will not call after all (an open breaker, a deadline
     * that can no longer cover the call). Only the last slot handed out can be given back, so the next caller
     * takes its place and no two slots come closer than the interval.
     *
     * @param r what {@link #reserve} returned for that slot
     */
    void giveBack(Reservation r);

    /**
     * Just before the call: 0 when a call may start now (and counts it as started), else the nanoseconds until one
     * may. Callers wait and ask again.
     */
    long admitStart();

    /** As {@link #admitStart} without counting a start: for a call that must pass several buckets at once. */
    long startWait();

    /** The upstream said 429: pause every caller for {@code pauseNanos} and halve the rate until it recovers. */
    void penalize(long pauseNanos);

    /** A call went through: step the rate back up towards the configured one. */
    void recover();

    /** Tokens available now, 0 to capacity. */
    double level();

    /** The rate in force now (lower than configured after a 429, or as a fallback share). */
    double effectiveRate();

    BucketMode mode();

    /** Why the mode is what it is (e.g. the Redis error behind a fallback); empty when normal. */
    String modeReason();

    void reconfigure(double rate, int capacity);
}
