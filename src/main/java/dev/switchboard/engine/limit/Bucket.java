package dev.switchboard.engine.limit;

/**
 * An upstream token bucket that hands out slots in arrival order (GCRA, the "virtual scheduling" form of a token
 * bucket): a request reserves the next free slot and waits for it, which is a FIFO queue without a queue object.
 */
interface Bucket {
    /**
     * Reserves a slot.
     *
     * @return nanoseconds to wait for the slot (0: go now), or a negative number when the wait would exceed
     *     {@code maxWaitNanos}; then nothing is reserved and {@code -result} is how much too long it would be
     */
    long reserve(long maxWaitNanos);

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
