package dev.switchboard.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.cache.CacheTier.PendingWrite;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A sink the test holds: each batch says it has arrived, then waits for a permit. */
class AsyncWriterIdleTest {
    private final BlockingQueue<List<String>> arrived = new LinkedBlockingQueue<>();
    private final Semaphore permits = new Semaphore(0);
    private AsyncWriter writer;

    private AsyncWriter writer(int capacity) {
        writer = new AsyncWriter("test-writer", capacity, batch -> {
            arrived.add(batch.stream().map(w -> w.answer().answer()).toList());
            permits.acquireUninterruptibly();
        });
        return writer;
    }

    @AfterEach
    void close() {
        permits.release(1000);
        writer.close();
    }

    private static PendingWrite write(String text) {
        return new PendingWrite(MemoryTierTest.key("gpt-4o", "v1", "default", text.hashCode()),
                new CachedAnswer(text, "gpt-4o", 1, 1, 0, 0, Long.MAX_VALUE));
    }

    private List<String> nextBatch() throws InterruptedException {
        List<String> b = arrived.poll(30, TimeUnit.SECONDS);
        assertThat(b).as("a batch reached the sink").isNotNull();
        return b;
    }

    @Test
    void writesOfferedAfterTheCallDoNotKeepItWaiting() throws Exception {
        AsyncWriter w = writer(100);
        assertThat(w.offer(write("first"))).isTrue();
        assertThat(nextBatch()).containsExactly("first");

        AtomicBoolean idle = new AtomicBoolean();
        Thread waiter = Thread.ofPlatform().start(() -> idle.set(w.awaitIdle(Duration.ofSeconds(30))));
        // TIMED_WAITING: the waiter is inside awaitIdle, past the point where it noted what it waits for.
        while (waiter.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        assertThat(w.offer(write("second"))).isTrue();
        permits.release();
        assertThat(nextBatch()).as("the second write is being written now").containsExactly("second");

        waiter.join();
        assertThat(idle).as("awaitIdle returned true while a later write is still in progress").isTrue();
        assertThat(w.pending()).isEqualTo(1);
    }

    @Test
    void theBatchBeingWrittenIsWaitedFor() throws Exception {
        AsyncWriter w = writer(100);
        w.offer(write("a"));
        assertThat(nextBatch()).containsExactly("a");
        assertThat(w.pending()).as("taken off the queue, not yet written").isEqualTo(1);
        assertThat(w.awaitIdle(Duration.ZERO)).isFalse();
        permits.release();
        assertThat(w.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(w.pending()).isZero();
    }

    @Test
    void aFullQueueOrAClosedWriterRefusesWrites() throws Exception {
        AsyncWriter w = writer(1);
        assertThat(w.offer(write("a"))).isTrue();
        assertThat(nextBatch()).containsExactly("a");
        assertThat(w.offer(write("b"))).isTrue();
        assertThat(w.offer(write("c"))).as("queue of one is full").isFalse();
        permits.release(2);
        assertThat(w.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(nextBatch()).containsExactly("b");
        w.close();
        assertThat(w.offer(write("d"))).as("closed").isFalse();
        assertThat(w.awaitIdle(Duration.ZERO)).isTrue();
    }
}
