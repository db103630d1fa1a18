package dev.switchboard.engine.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.config.BucketConfig;
import dev.switchboard.engine.config.LimitsConfig;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.error.RateLimitedException;
import dev.switchboard.engine.request.ChatRequest;
import java.time.Duration;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.FakeTicker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LimitsTest {
    private static final ModelConfig MODEL = new ModelConfig("m", "v1", "simulated", 1, 1);

    private static LimitsConfig config(BucketConfig bucket, Duration maxWait, int queue) {
        return new LimitsConfig(true, false, 0.5, bucket, Map.of(), null, queue, maxWait, LimitsConfig.defaultPlans(),
                "free", Map.of(), 3, Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofMillis(10),
                Duration.ofMillis(40));
    }

    @Test
    void planRefusalIsImmediateAndNamesTheWindow() {
        Limits limits = new Limits(() -> config(null, Duration.ofSeconds(1), 10), null, Duration.ofMillis(100));
        ChatRequest r = ChatRequest.builder().user("u").plan("free").model("m").prompt("p").build();
        for (int i = 0; i < 10; i++) {
            limits.admit(r);
        }
        assertThatThrownBy(() -> limits.admit(r)).isInstanceOfSatisfying(RateLimitedException.class, e -> {
            assertThat(e.reason()).isEqualTo(RateLimitedException.Reason.PLAN_MINUTE);
            assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(59), Duration.ofSeconds(60));
            assertThat(e.getMessage()).contains("free plan's 10 requests a minute");
        });
        assertThat(limits.snapshot().rejected()).containsEntry("plan_minute", 1L);
    }

    private static final long NO_DEADLINE = Long.MAX_VALUE;

    /** Time that moves only by hand, and waits that block until released: callers sit in the queue while we look. */
    private static final class HeldTicker implements dev.switchboard.engine.clock.Ticker {
        final FakeTicker time = new FakeTicker();
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

        @Override
        public long read() {
            return time.read();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            release.await();
            time.sleep(nanos);
        }
    }

    /** Requests waiting in the one bucket; 0 before the first caller has made it. */
    private static int queueDepth(Limits limits) {
        List<BucketSnapshot> b = limits.snapshot().buckets();
        return b.isEmpty() ? 0 : b.get(0).queueDepth();
    }

    @Test
    void requestsQueueUpToTheQueueDeadlineThenFailFast() throws Exception {
        HeldTicker ticker = new HeldTicker();
        Limits limits = new Limits(() -> config(new BucketConfig(20, 1), Duration.ofMillis(200), 100), null,
                Duration.ofMillis(100), ticker);
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        java.util.List<Thread> arrivals = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            arrivals.add(Thread.ofVirtual().start(() -> {
                try {
                    limits.acquire(MODEL, NO_DEADLINE, 0);
                    answered.incrementAndGet();
                } catch (RateLimitedException e) {
                    if (e.reason() == RateLimitedException.Reason.QUEUE_DEADLINE) {
                        refused.incrementAndGet();
                    }
                }
            }));
        }
        // Ten arrivals at one instant: slots every 50 ms; those within the 200 ms queue deadline wait, the rest are
        // refused at once, none lost.
        Await.until(Duration.ofSeconds(10), "every arrival queued or refused",
                () -> refused.get() + queueDepth(limits) + answered.get() == 10);
        assertThat(refused).hasValue(5);
        ticker.release.countDown();
        for (Thread t : arrivals) {
            t.join();
        }
        assertThat(answered).hasValue(5);
        LimitsSnapshot s = limits.snapshot();
        assertThat(s.buckets()).singleElement().extracting(BucketSnapshot::name).isEqualTo("model:m");
        assertThat(s.queued()).isEqualTo(4);
        assertThat(s.maxQueueWaitMs()).isGreaterThanOrEqualTo(200.0);
        assertThat(s.rejected()).containsEntry("queue_deadline", 5L);
    }

    @Test
    void aSlotThatLeavesTooLittleOfTheDeadlineForTheCallIsRefusedBeforeTheCall() {
        FakeTicker ticker = new FakeTicker();
        Limits limits = new Limits(() -> config(new BucketConfig(2, 1), Duration.ofSeconds(30), 100), null,
                Duration.ofMillis(100), ticker);
        limits.acquire(MODEL, NO_DEADLINE, 0);
        // The next slot is 500 ms away; the request has 1 s left and its call needs 600 ms of it.
        long deadline = ticker.read() + Duration.ofSeconds(1).toNanos();
        assertThatThrownBy(() -> limits.acquire(MODEL, deadline, Duration.ofMillis(600).toNanos()))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RateLimitedException.Reason.QUEUE_DEADLINE);
                    assertThat(e.getMessage()).contains("a call needs 600 ms of the deadline left after its slot");
                });
        // Refused before anything was reserved: a request that can afford the wait gets that very slot.
        assertThat(limits.acquire(MODEL, deadline, Duration.ofMillis(400).toNanos()).queuedNanos())
                .isEqualTo(Duration.ofMillis(500).toNanos());
        assertThat(limits.snapshot().rejected()).containsEntry("queue_deadline", 1L);
    }

    @Test
    void anUnusedPermitGivesItsSlotToTheNextCaller() {
        FakeTicker ticker = new FakeTicker();
        Limits limits = new Limits(() -> config(new BucketConfig(10, 1), Duration.ofSeconds(30), 100), null,
                Duration.ofMillis(100), ticker);
        limits.acquire(MODEL, NO_DEADLINE, 0).succeeded();
        UpstreamPermit unused = limits.acquire(MODEL, NO_DEADLINE, 0);
        assertThat(unused.queuedNanos()).isEqualTo(Duration.ofMillis(100).toNanos());
        unused.unused();
        // The given-back slot is now: the next caller need not wait a second interval, and still starts no
        // closer than one interval after the call before.
        ticker.advance(Duration.ofMillis(100));
        assertThat(limits.acquire(MODEL, NO_DEADLINE, 0).queuedNanos()).isZero();
    }

    @Test
    void fullQueueRefusesAtOnce() throws Exception {
        HeldTicker ticker = new HeldTicker();
        Limits limits = new Limits(() -> config(new BucketConfig(1, 1), Duration.ofSeconds(10), 1), null,
                Duration.ofMillis(100), ticker);
        limits.acquire(MODEL, NO_DEADLINE, 0);
        Thread waiter = Thread.ofVirtual().start(() -> limits.acquire(MODEL, NO_DEADLINE, 0));
        Await.until(Duration.ofSeconds(10), "a caller in the queue", () -> queueDepth(limits) == 1);
        assertThatThrownBy(() -> limits.acquire(MODEL, NO_DEADLINE, 0))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RateLimitedException.Reason.QUEUE_FULL));
        ticker.release.countDown();
        waiter.join();
        assertThat(limits.snapshot().buckets().get(0).queueDepth()).isZero();
    }

    @Test
    void upstream429SlowsTheBucketAndPausesItForTheRetryAfter() {
        FakeTicker ticker = new FakeTicker();
        Limits limits = new Limits(() -> config(new BucketConfig(1000, 1), Duration.ofSeconds(2), 10), null,
                Duration.ofMillis(100), ticker);
        limits.acquire(MODEL, NO_DEADLINE, 0).rateLimited(Duration.ofMillis(300));
        LimitsSnapshot s = limits.snapshot();
        assertThat(s.retried429()).isEqualTo(1);
        assertThat(s.buckets().get(0).effectiveRate()).isEqualTo(500.0);
        // The next caller waits out the Retry-After in the queue.
        assertThat(limits.acquire(MODEL, NO_DEADLINE, 0).queuedNanos()).isEqualTo(Duration.ofMillis(300).toNanos());
    }

    @Test
    void fullJitterStaysUnderTheExponentialCeiling() {
        LimitsConfig c = config(null, Duration.ofSeconds(1), 1);
        for (int attempt = 1; attempt <= 8; attempt++) {
            long ceiling = Math.min(c.backoffCap().toNanos(), c.backoffBase().toNanos() << (attempt - 1));
            for (int i = 0; i < 200; i++) {
                assertThat(Limits.fullJitter(c, attempt)).isBetween(0L, ceiling);
            }
        }
    }
}
