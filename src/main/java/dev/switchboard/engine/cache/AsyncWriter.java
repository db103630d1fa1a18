package dev.switchboard.engine.cache;

import dev.switchboard.engine.cache.CacheTier.PendingWrite;
import dev.switchboard.store.Failures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes writes to a slow tier off the request path: a bounded queue drained in batches by one thread. When
 * the queue is full the write is dropped and counted; a cache write is an optimisation, never worth a stall.
 */
final class AsyncWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncWriter.class);
    private static final int BATCH = 256;

    private final BlockingQueue<PendingWrite> queue;
    private final Consumer<List<PendingWrite>> sink;
    private final AtomicLong pending = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    AsyncWriter(String name, int capacity, Consumer<List<PendingWrite>> sink) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sink = sink;
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::drain);
    }

    /** @return false when the queue is full and the write was not taken */
    boolean offer(PendingWrite w) {
        pending.incrementAndGet();
        if (queue.offer(w)) {
            return true;
        }
        pending.decrementAndGet();
        return false;
    }

    long pending() {
        return pending.get();
    }

    private void drain() {
        List<PendingWrite> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                PendingWrite first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                try {
                    sink.accept(batch);
                } catch (RuntimeException e) {
                    // The sink counts its own failures; one it did not expect must not kill the thread (and with it
                    // every later write) nor print the default handler's stack trace.
                    LOG.warn("{}: {} write(s) lost: {}", Thread.currentThread().getName(), batch.size(),
                            Failures.oneLine(e));
                } finally {
                    pending.addAndGet(-batch.size());
                    batch.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits until every write offered so far has been made (or dropped). */
    boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
