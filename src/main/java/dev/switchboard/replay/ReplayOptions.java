package dev.switchboard.replay;

/**
 * How to drive a workload.
 *
 * @param speed       time compression for timed replay: 2 sends the workload in half its span
 * @param maxRate     ignore {@code at_ms} and send as fast as the engine answers
 * @param concurrency requests in flight with {@code maxRate}; for timed replay, the cap on in-flight requests;
 *                    at most {@link #MAX_CONCURRENCY}, and a run never starts more workers than it has requests
 * @param cold        flush every tier first, so the run starts from an empty cache
 */
public record ReplayOptions(double speed, boolean maxRate, int concurrency, boolean cold) {
    public static final int DEFAULT_CONCURRENCY = 64;
    /** More requests in flight than this measure the scheduler, not the engine. */
    public static final int MAX_CONCURRENCY = 10_000;

    public ReplayOptions {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("--speed must be a positive number, got " + speed);
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("--concurrency " + concurrency + ": must be between 1 and "
                    + MAX_CONCURRENCY);
        }
    }

    public static ReplayOptions maxRate(int concurrency) {
        return new ReplayOptions(1, true, concurrency, false);
    }

    public static ReplayOptions timed(double speed) {
        return new ReplayOptions(speed, false, MAX_CONCURRENCY, false);
    }
}
