package dev.switchboard.engine.limit;

import dev.switchboard.engine.clock.Ticker;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A token bucket in this process, as GCRA: {@code tat} is the theoretical arrival time of the next request at the
 * configured rate; a request may go once {@code now >= tat - tau}, where {@code tau} lets {@code capacity}
 * requests through at once. Reserving a future slot is how requests queue. {@code startTat} is the same over the
 * times calls really start (see {@link Bucket}). A lock rather than a monitor: callers are virtual threads.
 */
final class LocalBucket implements Bucket {
    private static final double MIN_FACTOR = 0.125;
    private static final double RECOVERY_STEP = 0.05;

    private final Ticker ticker;
    private final ReentrantLock lock = new ReentrantLock();
    private double rate;
    private int capacity;
    private double factor = 1.0;
    private long tat;
    private long startTat;

    LocalBucket(double rate, int capacity, Ticker ticker) {
        this.rate = rate;
        this.capacity = capacity;
        this.ticker = ticker;
        this.tat = ticker.read();
        this.startTat = tat;
    }

    private long interval() {
        return (long) (1e9 / (rate * factor));
    }

    /**
     * GCRA against {@code theoretical} (a tat): the nanoseconds from {@code now} until a request may go, and the
     * tat after it if it does. The caller holds the lock.
     */
    private long[] gcra(long theoretical, long now) {
        long interval = interval();
        long t = Math.max(theoretical, now);
        return new long[] {Math.max(0, t - (capacity - 1) * interval - now), t + interval};
    }

    @Override
    public Reservation reserve(long maxWaitNanos) {
        lock.lock();
        try {
            long[] g = gcra(tat, ticker.read());
            if (g[0] > maxWaitNanos) {
                return new Reservation(-(g[0] - maxWaitNanos), 0, 0);
            }
            long before = tat;
            tat = g[1];
            return new Reservation(g[0], tat, before);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void giveBack(Reservation r) {
        lock.lock();
        try {
            // Only while nobody reserved after it (nor a 429 moved the bucket): then the next caller takes its slot.
            // Restoring the state before it, not subtracting an interval: the interval may have changed since.
            if (r.granted() && tat == r.mark()) {
                tat = Math.max(ticker.read(), r.previous());
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long admitStart() {
        lock.lock();
        try {
            long[] g = gcra(startTat, ticker.read());
            if (g[0] > 0) {
                return g[0];
            }
            startTat = g[1];
            return 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long startWait() {
        lock.lock();
        try {
            return gcra(startTat, ticker.read())[0];
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void penalize(long pauseNanos) {
        lock.lock();
        try {
            factor = Math.max(MIN_FACTOR, factor / 2);
            tat = Math.max(tat, ticker.read() + pauseNanos);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void recover() {
        lock.lock();
        try {
            if (factor < 1.0) {
                factor = Math.min(1.0, factor + RECOVERY_STEP);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public double level() {
        lock.lock();
        try {
            long now = ticker.read();
            // With tat <= now the bucket is full; each interval tat lies ahead of now is one token spent.
            double spent = Math.max(0, tat - now) / (double) interval();
            return Math.max(0, capacity - spent);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public double effectiveRate() {
        lock.lock();
        try {
            return rate * factor;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public BucketMode mode() {
        return BucketMode.LOCAL;
    }

    @Override
    public String modeReason() {
        return "";
    }

    @Override
    public void reconfigure(double newRate, int newCapacity) {
        lock.lock();
        try {
            rate = newRate;
            capacity = newCapacity;
        } finally {
            lock.unlock();
        }
    }
}
