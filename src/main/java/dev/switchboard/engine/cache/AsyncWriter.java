package dev.switchboard.engine.cache;

import dev.switchboard.engine.cache.CacheTier.PendingWrite;
import dev.switchboard.store.Failures;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes writes to a slow tier off the request path: a bounded queue drained in batches by one thread. When
 * the queue is full the write is dropped and counted; a cache write is an optimisation, never worth a stall.
 *
 * <p>Writes are numbered in queue order as they are taken ({@code offered}), and {@code done} counts them as the
 * sink finishes with them, in the same order; so "every write offered before now is made" is {@code done >=
 * offered-at-that-moment}, whatever arrives afterwards. One lock guards the queue and both numbers: taking a
 * number and a queue place must be one step, or the order of the numbers would not be the order of the queue.
 */
final class AsyncWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncWriter.class);
    private static final int BATCH = 256;

    private final int capacity;
    private final Consumer<List<PendingWrite>> sink;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition progressed = lock.newCondition();
    private final ArrayDeque<PendingWrite> queue;
    private final Thread thread;
    private long offered;
    private long done;
    private boolean running = true;

    AsyncWriter(String name, int capacity, Consumer<List<PendingWrite>> sink) {
        this.capacity = capacity;
        this.queue = new ArrayDeque<>(Math.min(capacity, 1024));
        this.sink = sink;
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::drain);
    }

    /** @return false when the queue is full or the writer closed, and the write was not taken */
    boolean offer(PendingWrite w) {
        lock.lock();
        try {
            if (!running || queue.size() >= capacity) {
                return false;
            }
            queue.addLast(w);
            offered++;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Writes taken and not yet made: queued, or in the batch being written. */
    long pending() {
        lock.lock();
        try {
            return offered - done;
        } finally {
            lock.unlock();
        }
    }

    private void drain() {
        List<PendingWrite> batch = new ArrayList<>(BATCH);
        while (true) {
            lock.lock();
            try {
                while (queue.isEmpty() && running) {
                    notEmpty.await();
                }
                if (queue.isEmpty()) {
                    return;
                }
                for (int i = 0; i < BATCH && !queue.isEmpty(); i++) {
                    batch.add(queue.pollFirst());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            try {
                sink.accept(batch);
            } catch (RuntimeException | Error e) {
                // The sink counts its own failures; one it did not expect, even an Error, must not kill the thread
                // (every later write would queue and be lost) nor print a stack trace. A batch that threw is done
                // (dropped) all the same.
                LOG.warn("{}: {} write(s) lost: {}", Thread.currentThread().getName(), batch.size(),
                        Failures.oneLine(e));
            } finally {
                lock.lock();
                try {
                    done += batch.size();
                    progressed.signalAll();
                } finally {
                    lock.unlock();
                }
                batch.clear();
            }
        }
    }

    /**
     * Waits until every write offered before this call has been made (or dropped). Writes offered meanwhile do not
     * keep it waiting; a batch still being written does.
     *
     * @return false when the timeout passed first
     */
    boolean awaitIdle(Duration timeout) {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            long target = offered;
            while (done < target) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = progressed.awaitNanos(nanos);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is queued (for at most 10 s), then stops; later offers are refused. */
    @Override
    public void close() {
        lock.lock();
        try {
            running = false;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
