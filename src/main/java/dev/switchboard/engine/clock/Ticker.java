package dev.switchboard.engine.clock;

import java.time.Duration;

/**
 * Elapsed time in nanoseconds, and waiting on it. Every engine part that measures or waits takes one, so a test
 * can hand it a {@code FakeTicker} whose {@link #sleep} moves time forward instead of blocking. Only differences
 * between two readings mean anything, as with {@link System#nanoTime()}.
 */
public interface Ticker {
    /** The time now, in nanoseconds from an arbitrary origin. */
    long read();

    /**
     * Waits {@code nanos} of this ticker's time. The system ticker sleeps the calling (virtual) thread.
     *
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    default void sleep(long nanos) throws InterruptedException {
        if (nanos > 0) {
            Thread.sleep(Duration.ofNanos(nanos));
        }
    }

    /** The JVM's monotonic clock. */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }
}
