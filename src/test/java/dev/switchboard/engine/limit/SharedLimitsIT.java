package dev.switchboard.engine.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.BucketConfig;
import dev.switchboard.engine.config.LimitsConfig;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.PlanConfig;
import dev.switchboard.engine.error.RateLimitedException;
import dev.switchboard.engine.provider.ProviderResponse;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.RedisProcess;
import dev.switchboard.testsupport.Services;
import dev.switchboard.testsupport.TestConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Limits shared by several instances through the real Redis, and what happens when Redis goes away. */
class SharedLimitsIT {
    private static LimitsConfig shared(BucketConfig bucket, Map<String, PlanConfig> plans, Duration maxWait) {
        return new LimitsConfig(true, true, 0.5, bucket, Map.of(), null, 1000, maxWait, plans, "free", Map.of(), 3,
                Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    @Test
    void twoInstancesTogetherStayUnderOneSharedUpstreamLimit() throws Exception {
        Services.requireRedis();
        // A model of this run's own, so no other user of this Redis shares its bucket or upstream log.
        String model = "it-" + UUID.randomUUID().toString().substring(0, 8);
        var cfg = TestConfigs.parse("""
                tiers:
                  l1: {enabled: true}
                  l2: {enabled: true, url: "%s"}
                simulated:
                  latency: {median: 0ms, p99: 0ms}
                  rate_limit_rps: 20
                  shared_limit: true
                limits:
                  shared: true
                  plans: {free: {per_minute: 100000}}
                  upstream:
                    default: {rate: 18, capacity: 1}
                    max_wait: 1s
                models:
                  %s: {version: v1}
                """.formatted(Services.redisUrl(), model));
        String run = UUID.randomUUID().toString();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        try (Engine a = Engine.start(cfg); Engine b = Engine.start(cfg)) {
            List<Thread> offers = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                Engine e = i % 2 == 0 ? a : b;
                ChatRequest r = ChatRequest.builder().user("u" + i).plan("free").model(model)
                        .prompt("burst " + run + " " + i).build();
                offers.add(Thread.ofVirtual().start(() -> {
                    try {
                        e.submit(r);
                        answered.incrementAndGet();
                    } catch (RateLimitedException ex) {
                        refused.incrementAndGet();
                    }
                }));
            }
            for (Thread t : offers) {
                t.join();
            }
            long violations = a.snapshot().upstreamViolations() + b.snapshot().upstreamViolations();
            assertThat(violations).isZero();
            assertThat(answered.get() + refused.get()).isEqualTo(80);
            // 18 a second between them (a 10% margin under the upstream) for about a second of deadline.
            assertThat(answered.get()).isBetween(15, 45);
            assertThat(a.snapshot().limits().buckets().get(0).mode()).isEqualTo(BucketMode.SHARED);
        }
    }

    @Test
    void planWindowsHoldAcrossInstances() {
        Services.requireRedis();
        var plans = Map.of("free", new PlanConfig("free", 5, 0));
        LimitsConfig c = shared(null, plans, Duration.ofSeconds(1));
        String user = "u-" + UUID.randomUUID();
        try (Limits a = new Limits(() -> c, Services.redisUrl(), Duration.ofMillis(500));
             Limits b = new Limits(() -> c, Services.redisUrl(), Duration.ofMillis(500))) {
            ChatRequest r = ChatRequest.builder().user(user).plan("free").model("m").prompt("p").build();
            a.admit(r);
            b.admit(r);
            a.admit(r);
            b.admit(r);
            a.admit(r);
            assertThatThrownBy(() -> b.admit(r)).isInstanceOfSatisfying(RateLimitedException.class,
                    e -> assertThat(e.reason()).isEqualTo(RateLimitedException.Reason.PLAN_MINUTE));
            // Two more refusals make three: locked out everywhere.
            assertThatThrownBy(() -> a.admit(r)).isInstanceOf(RateLimitedException.class);
            assertThatThrownBy(() -> b.admit(r)).hasMessageContaining("locked out");
            assertThat(a.lockouts()).extracting(Lockout::user).contains(user);
            assertThatThrownBy(() -> a.admit(r)).isInstanceOfSatisfying(RateLimitedException.class,
                    e -> assertThat(e.reason()).isEqualTo(RateLimitedException.Reason.LOCKED_OUT));
            assertThat(b.clearLockout(user)).isTrue();
            assertThat(a.lockouts()).extracting(Lockout::user).doesNotContain(user);
        }
    }

    @Test
    void aSharedBucketThatLosesRedisFallsBackLocallyAndSaysSo() throws Exception {
        ModelConfig m = new ModelConfig("m", "v", "simulated", 1, 1);
        try (RedisProcess redis = new RedisProcess(Services.redisServerBinary())) {
            LimitsConfig c = shared(new BucketConfig(100, 1), LimitsConfig.defaultPlans(), Duration.ofSeconds(1));
            try (Limits limits = new Limits(() -> c, redis.url(), Duration.ofMillis(200))) {
                limits.acquire(m, Long.MAX_VALUE, 0).succeeded();
                assertThat(limits.snapshot().buckets().get(0).mode()).isEqualTo(BucketMode.SHARED);

                redis.stop();
                limits.acquire(m, Long.MAX_VALUE, 0).succeeded();
                BucketSnapshot down = limits.snapshot().buckets().get(0);
                assertThat(down.mode()).isEqualTo(BucketMode.FALLBACK);
                assertThat(down.modeReason()).contains("Redis unreachable").contains("50% of the rate");
                assertThat(down.effectiveRate()).isEqualTo(50.0);

                redis.start();
                Await.until(Duration.ofSeconds(10), "the bucket back on Redis", () -> {
                    limits.acquire(m, Long.MAX_VALUE, 0).succeeded();
                    return limits.snapshot().buckets().get(0).mode() == BucketMode.SHARED;
                });
            }
        }
    }
}
