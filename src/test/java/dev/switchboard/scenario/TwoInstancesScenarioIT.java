package dev.switchboard.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.Engine;
import dev.switchboard.replay.ReplayReport;
import dev.switchboard.testsupport.Services;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * Two instances on one Redis and one PostgreSQL, each taking its own burst at once: the shared buckets keep the
 * one upstream (counted in Redis) within its limit between them, and the one ledger holds both instances' answers.
 */
class TwoInstancesScenarioIT {
    @Test
    void twoInstancesShareTheUpstreamLimitAndTheLedger() throws Exception {
        try (Scenario sc = new Scenario(); JedisPooled redis = new JedisPooled(java.net.URI.create(Services.redisUrl()))) {
            // Buckets are named by model: start from a clean slate whatever ran before on this Redis.
            for (String key : redis.keys("sb:bucket:*gpt-4o-mini*")) {
                redis.del(key);
            }
            redis.del("sb:sim-upstream:gpt-4o-mini");
            Map<String, String> sections = Map.of(
                    "simulated", """
                            simulated:
                              latency: {median: 5ms, p99: 30ms}
                              rate_limit_rps: 100
                              shared_limit: true
                            """,
                    "limits", """
                            limits:
                              shared: true
                              plans:
                                free: {per_minute: 100000}
                              upstream:
                                default: {rate: 95, capacity: 1}
                                queue: 1000
                                max_wait: 2s
                            """);
            ReplayReport a;
            ReplayReport b;
            try (Engine one = Engine.start(sc.config(sections)); Engine two = Engine.start(sc.config(Services.redisUrl(), 5432, sections, "journal-2"))) {
                CompletableFuture<ReplayReport> ra = CompletableFuture.supplyAsync(() -> run(one, 19));
                CompletableFuture<ReplayReport> rb = CompletableFuture.supplyAsync(() -> run(two, 23));
                a = ra.get();
                b = rb.get();
            }
            assertThat(a.upstreamViolations() + b.upstreamViolations()).as("violations, both instances").isZero();
            for (ReplayReport r : new ReplayReport[] {a, b}) {
                assertThat(r.failed()).containsOnlyKeys("rate_limited");
                assertThat(r.rateLimited().keySet()).isSubsetOf("queue_deadline", "queue_full");
            }
            long answered = sc.answered(a) + sc.answered(b);
            assertThat(answered).as("95 shared slots a second over the bursts and the queue").isGreaterThan(150);
            assertThat(sc.answerRows()).as("one ledger, both instances' answers").isEqualTo(answered);
            assertThat(sc.failedCallRows()).as("both instances' failed calls")
                    .isEqualTo(a.providerCalls() + b.providerCalls() - Scenario.providerAnswers(a)
                            - Scenario.providerAnswers(b));
        }
    }

    private static ReplayReport run(Engine engine, long seed) {
        try {
            return Scenario.replay(engine, Scenario.workload(400, Duration.ofMillis(500), true,
                    Map.of("gpt-4o-mini", 1.0), seed));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
