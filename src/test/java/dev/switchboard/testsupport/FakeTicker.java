package dev.switchboard.testsupport;

import dev.switchboard.engine.clock.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ticker tests move by hand. {@link #sleep} advances time by the wait instead of blocking, so a thread that
 * waits for a slot or a backoff returns at once with the clock where the wait would have left it.
 */
public final class FakeTicker implements Ticker {
    private final AtomicLong nanos;

    public FakeTicker(long startNanos) {
        this.nanos = new AtomicLong(startNanos);
    }

    public FakeTicker() {
        this(1_000_000_000_000L);
    }

    public void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Override
    public long read() {
        return nanos.get();
    }

    @Override
    public void sleep(long waitNanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (waitNanos > 0) {
            nanos.addAndGet(waitNanos);
        }
    }
}
