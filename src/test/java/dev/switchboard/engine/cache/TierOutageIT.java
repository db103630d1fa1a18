package dev.switchboard.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineSnapshot;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.RedisProcess;
import dev.switchboard.testsupport.Services;
import dev.switchboard.testsupport.TcpProxy;
import dev.switchboard.testsupport.TestConfigs;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Real outages with requests flowing: a Redis of our own stopped and restarted, and PostgreSQL cut off behind a
 * proxy and reconnected. No request may fail; the tier shows DOWN with a reason and comes back by itself.
 */
class TierOutageIT {

    /** Sends distinct prompts (all misses, so every one touches the remote tiers) until stopped. */
    private static final class Traffic implements AutoCloseable {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        final AtomicReference<ChatResult> last = new AtomicReference<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Traffic(Engine engine) {
            String run = UUID.randomUUID().toString();
            thread = Thread.ofVirtual().start(() -> {
                for (long i = 0; running.get(); i++) {
                    try {
                        last.set(engine.submit(ChatRequest.builder().model("gpt-4o-mini")
                                .prompt("outage " + run + " " + i).build()));
                        ok.incrementAndGet();
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    }
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void awaitMore(long n) {
            long target = ok.get() + n;
            Await.until(Duration.ofSeconds(10), n + " more answered requests", () -> ok.get() >= target);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    private static TierSnapshot tier(Engine e, Tier t) {
        EngineSnapshot s = e.snapshot();
        return s.tiers().stream().filter(x -> x.tier() == t).findFirst().orElseThrow();
    }

    @Test
    void redisStoppedAndRestartedWhileRequestsFlow() throws Exception {
        try (RedisProcess redis = new RedisProcess(Services.redisServerBinary());
             Engine engine = Engine.start(TestConfigs.parse("""
                     tiers:
                       l1: {enabled: true}
                       l2: {enabled: true, url: "%s", timeout: 200ms}
                     """.formatted(redis.url()) + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY));
             Traffic traffic = new Traffic(engine)) {
            traffic.awaitMore(50);
            assertThat(tier(engine, Tier.L2).state()).isEqualTo(TierState.UP);

            redis.stop();
            Await.until(Duration.ofSeconds(5), "L2 to show DOWN", () -> tier(engine, Tier.L2).state() == TierState.DOWN);
            assertThat(tier(engine, Tier.L2).reason()).isNotBlank();
            traffic.awaitMore(100);

            redis.start();
            Await.until(Duration.ofSeconds(10), "L2 back UP", () -> tier(engine, Tier.L2).state() == TierState.UP);
            traffic.awaitMore(50);
            // Taken before the wait: awaitWrites waits for the writes offered so far, not for later traffic's.
            ChatResult recent = traffic.last.get();
            assertThat(engine.cache().awaitWrites(Duration.ofSeconds(5))).isTrue();
            try (Jedis j = new Jedis(URI.create(redis.url()))) {
                assertThat(j.exists(RedisTier.PREFIX + recent.cacheKey().value()))
                        .as("writes reach the restarted Redis").isTrue();
            }
            assertThat(traffic.failed.get()).as("failed requests (first: %s)", traffic.firstFailure.get()).isZero();
        }
    }

    @Test
    void postgresCutOffAndReconnectedWhileRequestsFlow() throws Exception {
        Services.requirePostgres();
        URI pg = URI.create(Services.databaseUrl().replaceFirst("^jdbc:", ""));
        try (TcpProxy proxy = new TcpProxy(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort());
             Engine engine = Engine.start(TestConfigs.parse("""
                     tiers:
                       l1: {enabled: true}
                       l3: {enabled: true, url: "jdbc:postgresql://127.0.0.1:%d%s", user: "%s", timeout: 300ms}
                     """.formatted(proxy.port(), pg.getPath(), Services.databaseUser())
                     + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY));
             Traffic traffic = new Traffic(engine)) {
            traffic.awaitMore(50);
            assertThat(tier(engine, Tier.L3).state()).isEqualTo(TierState.UP);

            proxy.stop();
            Await.until(Duration.ofSeconds(10), "L3 to show DOWN", () -> tier(engine, Tier.L3).state() == TierState.DOWN);
            assertThat(tier(engine, Tier.L3).reason()).isNotBlank();
            traffic.awaitMore(100);

            proxy.start();
            Await.until(Duration.ofSeconds(15), "L3 back UP", () -> tier(engine, Tier.L3).state() == TierState.UP);
            traffic.awaitMore(50);
            ChatResult recent = traffic.last.get();
            assertThat(engine.cache().awaitWrites(Duration.ofSeconds(5))).isTrue();
            assertThat(engine.cache().peek(Tier.L3, recent.cacheKey())).as("writes reach L3 again").isNotNull();
            assertThat(traffic.failed.get()).as("failed requests (first: %s)", traffic.firstFailure.get()).isZero();
        }
    }

    @Test
    void databaseUnreachableAtStartDegradesAndSaysWhy() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Engine engine = Engine.start(TestConfigs.parse("""
                tiers:
                  l3: {enabled: true, url: "jdbc:postgresql://127.0.0.1:%d/test", timeout: 250ms}
                """.formatted(closedPort) + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY))) {
            TierSnapshot l3 = tier(engine, Tier.L3);
            assertThat(l3.state()).isEqualTo(TierState.DOWN);
            assertThat(l3.reason()).containsIgnoringCase("refused");
            ChatResult r = engine.submit(ChatRequest.builder().model("gpt-4o").prompt("still works").build());
            assertThat(r.answer()).isNotBlank();
            assertThat(engine.cache().invalidate(r.cacheKey()).failed()).containsKey(Tier.L3);
        }
    }
}
