package dev.switchboard.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.cache.TierSnapshot;
import dev.switchboard.engine.limit.BucketMode;
import dev.switchboard.replay.ReplayReport;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.RedisProcess;
import dev.switchboard.testsupport.Services;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Redis (L2, the shared limits and the invalidation bus) stopped in the middle of a run and started again: no
 * request fails, the buckets fall back to local limits and go back to shared, and L2 comes back UP by itself.
 */
class RedisOutageScenarioIT {
    @Test
    void redisDownAndBackFailsNoRequest() throws Exception {
        try (Scenario sc = new Scenario(); RedisProcess redis = new RedisProcess(Services.redisServerBinary())) {
            Map<String, String> sections = Map.of("limits", """
                    limits:
                      shared: true
                      plans:
                        free: {per_minute: 100000}
                      upstream:
                        default: {rate: 2000, capacity: 100}
                    """);
            try (Engine engine = Engine.start(sc.config(redis.url(), 5432, sections))) {
                CompletableFuture<ReplayReport> run = CompletableFuture.supplyAsync(() -> {
                    try {
                        return Scenario.replay(engine, Scenario.workload(1500, Duration.ofSeconds(3), false,
                                Map.of("gpt-4o-mini", 1.0), 13));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Await.until(Duration.ofSeconds(20), "traffic", () -> engine.snapshot().traffic().requests() > 300);
                redis.stop();
                Await.until(Duration.ofSeconds(20), "L2 seen DOWN",
                        () -> tier(engine, "L2").state().name().equals("DOWN"));
                long atStop = engine.snapshot().traffic().requests();
                Await.until(Duration.ofSeconds(20), "traffic while Redis is down",
                        () -> engine.snapshot().traffic().requests() > atStop + 200);
                redis.start();
                ReplayReport r = run.get();
                assertThat(r.failed()).as("failed requests").isEmpty();
                assertThat(sc.answered(r)).isEqualTo(1500);
                Await.until(Duration.ofSeconds(20), "L2 back UP",
                        () -> tier(engine, "L2").state().name().equals("UP"));
                // The next call to the bucket finds Redis again.
                engine.submit(dev.switchboard.engine.request.ChatRequest.builder().model("gpt-4o-mini")
                        .prompt("after the outage " + sc.id).build());
                Await.until(Duration.ofSeconds(20), "bucket back on Redis", () -> {
                    engine.submit(dev.switchboard.engine.request.ChatRequest.builder().model("gpt-4o-mini")
                            .prompt("probe " + System.nanoTime()).build());
                    return engine.snapshot().limits().buckets().stream().allMatch(b -> b.mode() == BucketMode.SHARED);
                });
            }
        }
    }

    private static TierSnapshot tier(Engine engine, String name) {
        return engine.snapshot().tiers().stream().filter(t -> t.tier().name().equals(name)).findFirst().orElseThrow();
    }
}
