package dev.switchboard.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.cache.CacheTier.PendingWrite;
import dev.switchboard.engine.config.TiersConfig;
import dev.switchboard.engine.request.CacheKey;
import dev.switchboard.testsupport.MutableClock;
import dev.switchboard.testsupport.TestConfigs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A lookup that read an L3 entry before an invalidation deleted it must not copy it into L1 or L2 afterwards:
 * memory tiers play L2 and L3, and L3's read is held until the invalidation has run.
 */
class InvalidationRaceTest {
    private final MutableClock clock = new MutableClock();
    private final TiersConfig tiersConfig = TestConfigs.l1Only().tiers();
    private PausingTier l2;
    private PausingTier l3;
    private TieredCache cache;

    @BeforeEach
    void open() {
        l2 = new PausingTier(new MemoryTier(1 << 20, clock, () -> Duration.ZERO), Tier.L2);
        l3 = new PausingTier(new MemoryTier(1 << 20, clock, () -> Duration.ZERO), Tier.L3);
        cache = TieredCache.over(() -> tiersConfig, clock,
                List.of(new MemoryTier(1 << 20, clock, () -> Duration.ZERO), l2, l3));
    }

    @AfterEach
    void close() {
        cache.close();
    }

    private CacheKey inL3Only(int n) {
        CacheKey k = MemoryTierTest.key("gpt-4o", "v1", "default", n);
        l3.inner().putAll(List.of(new PendingWrite(k,
                new CachedAnswer("old", "gpt-4o", 1, 1, 0, clock.millis(), clock.millis() + 3_600_000))));
        return k;
    }

    /** Looks {@code k} up on another thread, runs {@code meanwhile} once L3 has read, then lets the lookup go on. */
    private TieredCache.Hit lookupAround(CacheKey k, Consumer<CacheKey> meanwhile) throws Exception {
        l3.pauseNextRead();
        AtomicReference<TieredCache.Hit> hit = new AtomicReference<>();
        Thread reader = Thread.ofVirtual().start(() -> hit.set(cache.lookup(k)));
        l3.awaitRead();
        meanwhile.accept(k);
        l3.proceed();
        reader.join();
        return hit.get();
    }

    @Test
    void anL3HitReadBeforeAnInvalidationIsNotPromotedAfterIt() throws Exception {
        CacheKey k = inL3Only(1);
        TieredCache.Hit hit = lookupAround(k, key -> assertThat(cache.invalidate(key).removed())
                .containsEntry(Tier.L3, 1L));

        assertThat(hit.tier()).as("the read itself came before the delete").isEqualTo(Tier.L3);
        assertThat(cache.awaitWrites(Duration.ofSeconds(30))).isTrue();
        assertThat(cache.peek(Tier.L1, k)).as("L1 after the invalidation").isNull();
        assertThat(cache.peek(Tier.L2, k)).as("L2 after the invalidation").isNull();
        assertThat(cache.lookup(k)).as("invalidated everywhere").isNull();
        assertThat(cache.skippedPromotions()).isEqualTo(1);
    }

    @Test
    void aFlushOverlappingTheLookupAlsoStopsThePromotion() throws Exception {
        CacheKey k = inL3Only(2);
        lookupAround(k, key -> cache.flushAll());
        assertThat(cache.awaitWrites(Duration.ofSeconds(30))).isTrue();
        assertThat(cache.peek(Tier.L1, k)).isNull();
        assertThat(cache.peek(Tier.L2, k)).isNull();
    }

    @Test
    void withoutAnInvalidationTheHitIsPromotedAsBefore() throws Exception {
        CacheKey k = inL3Only(3);
        CacheKey other = inL3Only(4);
        lookupAround(k, key -> { });
        assertThat(cache.awaitWrites(Duration.ofSeconds(30))).isTrue();
        assertThat(cache.peek(Tier.L1, k)).isNotNull();
        assertThat(cache.peek(Tier.L2, k)).isNotNull();
        assertThat(cache.lookup(other).tier()).isEqualTo(Tier.L3);
        assertThat(cache.skippedPromotions()).isZero();
    }
}
