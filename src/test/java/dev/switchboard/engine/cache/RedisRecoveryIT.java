package dev.switchboard.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.config.TiersConfig;
import dev.switchboard.engine.request.CacheKey;
import dev.switchboard.testsupport.MutableClock;
import dev.switchboard.testsupport.RedisProcess;
import dev.switchboard.testsupport.Services;
import dev.switchboard.testsupport.TestConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPooled;

/**
 * Redis restarted under a pool full of connections made before: every one of them is dead. L2 must come back on
 * the first probe that finds Redis answering, not one probe per dead connection. Probes are run by hand and
 * counted; the cache probes nothing by itself here.
 */
class RedisRecoveryIT {
    private static final int POOLED = 8;

    private static TierSnapshot l2(TieredCache cache) {
        return cache.snapshot().stream().filter(t -> t.tier() == Tier.L2).findFirst().orElseThrow();
    }

    @Test
    void theFirstProbeAfterARestartBringsL2BackThoughEveryPooledConnectionIsDead() throws Exception {
        MutableClock clock = new MutableClock();
        try (RedisProcess redis = new RedisProcess(Services.redisServerBinary())) {
            TiersConfig tiers = TestConfigs.parse("""
                    tiers:
                      l1: {enabled: false}
                      l2: {enabled: true, url: "%s", timeout: 200ms}
                    """.formatted(redis.url()) + TestConfigs.MODELS).tiers();
            try (TieredCache cache = TieredCache.open(() -> tiers, () -> Duration.ZERO, clock, "test", 0)) {
                JedisPooled pool = ((RedisTier) cache.rawTier(Tier.L2)).pool();
                List<Connection> held = new ArrayList<>();
                for (int i = 0; i < POOLED; i++) {
                    held.add(pool.getPool().getResource());
                }
                held.forEach(Connection::close);
                assertThat(pool.getPool().getNumIdle()).as("idle pooled connections").isEqualTo(POOLED);

                CacheKey k = MemoryTierTest.key("gpt-4o", "v1", "default", 7);
                assertThat(cache.lookup(k)).isNull();
                assertThat(l2(cache).state()).isEqualTo(TierState.UP);

                redis.stop();
                assertThat(cache.lookup(k)).isNull();
                assertThat(l2(cache).state()).as("after a failed read").isEqualTo(TierState.DOWN);
                cache.probeDownTiers();
                assertThat(l2(cache).state()).as("probed while Redis is still down").isEqualTo(TierState.DOWN);

                redis.start();
                cache.probeDownTiers();
                assertThat(l2(cache).state()).as("after one probe with Redis back").isEqualTo(TierState.UP);

                long errors = l2(cache).errors();
                cache.store(k, new CachedAnswer("back", "gpt-4o", 1, 1, 0, clock.millis(), clock.millis()));
                assertThat(cache.awaitWrites(Duration.ofSeconds(30))).isTrue();
                TieredCache.Hit hit = cache.lookup(k);
                assertThat(hit).as("a lookup after the restart").isNotNull();
                assertThat(hit.tier()).isEqualTo(Tier.L2);
                assertThat(hit.answer().answer()).isEqualTo("back");
                assertThat(l2(cache).errors()).as("no failure after coming back").isEqualTo(errors);
                assertThat(l2(cache).state()).isEqualTo(TierState.UP);
            }
        }
    }
}
