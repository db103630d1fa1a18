package dev.switchboard.engine.resilience;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs a call on the caller's own (virtual) thread and interrupts it when the limit passes. Resilience4j's
 * TimeLimiter needs the call on another thread to wait on a future; that hand-off cost 2.5x of the engine's
 * throughput in the zero-latency bench (provider p50 0.004 ms -> 2.3 ms), and a watchdog costs a timer entry.
 */
final class TimeLimit {
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int FIRED = 2;
    private static final int INTERRUPTED = 3;
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private static ScheduledExecutorService watchdog() {
        java.util.concurrent.ScheduledThreadPoolExecutor e = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                r -> Thread.ofPlatform().name("sb-time-limit").daemon().unstarted(r));
        // Nearly every alarm is cancelled; without this they would pile up in the queue until their time.
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    /** The limit passed while the call ran. */
    static final class Expired extends RuntimeException {
        Expired() {
            super("time limit passed", null, false, false);
        }
    }

    private TimeLimit() {
    }

    /**
     * @throws Expired when the limit passed before the call returned (the call saw an interrupt)
     */
    static <T> T run(long limitNanos, Supplier<T> call) {
        Thread caller = Thread.currentThread();
        AtomicInteger state = new AtomicInteger(RUNNING);
        ScheduledFuture<?> alarm = WATCHDOG.schedule(() -> {
            if (state.compareAndSet(RUNNING, FIRED)) {
                caller.interrupt();
                state.set(INTERRUPTED);
            }
        }, limitNanos, TimeUnit.NANOSECONDS);
        try {
            T result = call.get();
            if (state.compareAndSet(RUNNING, DONE)) {
                return result;
            }
            throw new Expired();
        } catch (RuntimeException e) {
            if (state.compareAndSet(RUNNING, DONE)) {
                throw e;
            }
            throw new Expired();
        } finally {
            alarm.cancel(false);
            if (state.get() != DONE) {
                // The watchdog won the race. Once it has delivered its interrupt (a moment at most), clear it,
                // whether or not the call already consumed it, so it cannot hit this thread's next wait.
                while (state.get() != INTERRUPTED) {
                    Thread.onSpinWait();
                }
                Thread.interrupted();
            }
        }
    }
}
