package dev.switchboard.engine.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.config.BucketConfig;
import dev.switchboard.engine.config.LimitsConfig;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.error.RateLimitedException;
import dev.switchboard.engine.error.UpstreamRateLimitedException;
import dev.switchboard.engine.provider.ProviderResponse;
import dev.switchboard.engine.request.ChatRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LimitsTest {
    private static final ModelConfig MODEL = new ModelConfig("m", "v1", "simulated", 1, 1);
    private static final ProviderResponse OK = new ProviderResponse("a", "m", 1, 1);

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

    @Test
    void requestsQueueUpToTheDeadlineThenFailFast() throws Exception {
        Limits limits = new Limits(() -> config(new BucketConfig(20, 1), Duration.ofMillis(200), 100), null,
                Duration.ofMillis(100));
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong maxQueued = new java.util.concurrent.atomic.AtomicLong();
        java.util.List<Thread> offers = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            offers.add(Thread.ofVirtual().start(() -> {
                try {
                    maxQueued.accumulateAndGet(limits.callUpstream(MODEL, () -> OK).queuedNanos(), Math::max);
                    answered.incrementAndGet();
                } catch (RateLimitedException e) {
                    if (e.reason() == RateLimitedException.Reason.QUEUE_DEADLINE) {
                        refused.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : offers) {
            t.join();
        }
        // Slots every 50 ms: the ones within 200 ms are answered, the rest refused at once, none lost.
        assertThat(answered.get() + refused.get()).isEqualTo(10);
        assertThat(answered.get()).isBetween(4, 5);
        assertThat(maxQueued.get()).isLessThanOrEqualTo(Duration.ofMillis(200).toNanos());
        LimitsSnapshot s = limits.snapshot();
        assertThat(s.buckets()).hasSize(1);
        assertThat(s.buckets().get(0).name()).isEqualTo("model:m");
        assertThat(s.queued()).isEqualTo(answered.get() - 1);
        assertThat(s.rejected()).containsEntry("queue_deadline", (long) refused.get());
    }

    @Test
    void fullQueueRefusesAtOnce() throws Exception {
        Limits limits = new Limits(() -> config(new BucketConfig(1, 1), Duration.ofSeconds(10), 1), null,
                Duration.ofMillis(100));
        limits.callUpstream(MODEL, () -> OK);
        Thread waiter = Thread.ofVirtual().start(() -> limits.callUpstream(MODEL, () -> OK));
        while (limits.snapshot().buckets().get(0).queueDepth() == 0) {
            Thread.sleep(5);
        }
        assertThatThrownBy(() -> limits.callUpstream(MODEL, () -> OK))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RateLimitedException.Reason.QUEUE_FULL));
        waiter.join();
    }

    @Test
    void upstream429SlowsTheBucketPausesItAndPropagatesForTheRetryPolicy() {
        Limits limits = new Limits(() -> config(new BucketConfig(1000, 1), Duration.ofSeconds(2), 10), null,
                Duration.ofMillis(100));
        assertThatThrownBy(() -> limits.callUpstream(MODEL, () -> {
            throw new UpstreamRateLimitedException("m", Duration.ofMillis(300));
        })).isInstanceOf(UpstreamRateLimitedException.class);
        LimitsSnapshot s = limits.snapshot();
        assertThat(s.retried429()).isEqualTo(1);
        assertThat(s.buckets().get(0).effectiveRate()).isEqualTo(500.0);
        // The next caller waits out the Retry-After in the queue.
        long queued = limits.callUpstream(MODEL, () -> OK).queuedNanos();
        assertThat(queued).isBetween(Duration.ofMillis(250).toNanos(), Duration.ofMillis(301).toNanos());
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
