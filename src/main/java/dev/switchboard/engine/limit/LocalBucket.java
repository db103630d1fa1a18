package dev.switchboard.engine.limit;

/**
 * A token bucket in this process, as GCRA: {@code tat} is the theoretical arrival time of the next request at the
 * configured rate; a request may go once {@code now >= tat - tau}, where {@code tau} lets {@code capacity}
 * requests through at once. Reserving a future slot is how requests queue.
 */
final class LocalBucket implements Bucket {
    private static final double MIN_FACTOR = 0.125;
    private static final double RECOVERY_STEP = 0.05;

    private double rate;
    private int capacity;
    private double factor = 1.0;
    private long tat = System.nanoTime();

    LocalBucket(double rate, int capacity) {
        this.rate = rate;
        this.capacity = capacity;
    }

    private long interval() {
        return (long) (1e9 / (rate * factor));
    }

    @Override
    public synchronized long reserve(long maxWaitNanos) {
        long now = System.nanoTime();
        long interval = interval();
        long tau = (capacity - 1) * interval;
        long t = Math.max(tat, now);
        long wait = Math.max(0, t - tau - now);
        if (wait > maxWaitNanos) {
            return -(wait - maxWaitNanos);
        }
        tat = t + interval;
        return wait;
    }

    @Override
    public synchronized void penalize(long pauseNanos) {
        factor = Math.max(MIN_FACTOR, factor / 2);
        tat = Math.max(tat, System.nanoTime() + pauseNanos);
    }

    @Override
    public synchronized void recover() {
        if (factor < 1.0) {
            factor = Math.min(1.0, factor + RECOVERY_STEP);
        }
    }

    @Override
    public synchronized double level() {
        long now = System.nanoTime();
        long interval = interval();
        // With tat <= now the bucket is full; each interval tat lies ahead of now is one token spent.
        double spent = Math.max(0, tat - now) / (double) interval;
        return Math.max(0, capacity - spent);
    }

    @Override
    public synchronized double effectiveRate() {
        return rate * factor;
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
    public synchronized void reconfigure(double newRate, int newCapacity) {
        rate = newRate;
        capacity = newCapacity;
    }
}
