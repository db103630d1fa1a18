package dev.switchboard.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.config.TiersConfig;
import dev.switchboard.engine.request.CacheKey;
import dev.switchboard.testsupport.MutableClock;
import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** L1 over an embedded H2 L3: the embedded default's path, without any server. */
class TieredCacheTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private AtomicReference<TiersConfig> tiers;
    private TieredCache cache;

    @BeforeEach
    void open() {
        SwitchboardConfig c = TestConfigs.l1AndH2(dir);
        tiers = new AtomicReference<>(c.tiers());
        cache = TieredCache.open(tiers::get, clock, "test");
    }

    @AfterEach
    void close() {
        cache.close();
    }

    private CachedAnswer answer(String text) {
        return new CachedAnswer(text, "gpt-4o", 10, 20, 0.001, clock.millis(), clock.millis());
    }

    @Test
    void missIsWrittenToEveryTierWithItsTtl() {
        CacheKey k = MemoryTierTest.key("gpt-4o", "v1", "default", 1);
        assertThat(cache.lookup(k)).isNull();
        cache.store(k, answer("hello"));
        cache.awaitWrites(Duration.ofSeconds(5));
        CachedAnswer l1 = cache.peek(Tier.L1, k);
        CachedAnswer l3 = cache.peek(Tier.L3, k);
        assertThat(l1.answer()).isEqualTo("hello");
        assertThat(l3.answer()).isEqualTo("hello");
        assertThat(l1.expiresAtMillis() - clock.millis()).isEqualTo(Duration.ofMinutes(5).toMillis());
        assertThat(l3.expiresAtMillis() - clock.millis()).isEqualTo(Duration.ofHours(24).toMillis());
        assertThat(cache.lookup(k).tier()).isEqualTo(Tier.L1);
    }

    @Test
    void lowerTierHitIsPromotedWithRemainingLifetimeCappedByTierTtl() {
        CacheKey k = MemoryTierTest.key("gpt-4o", "v1", "default", 2);
        cache.store(k, answer("hello"));
        cache.awaitWrites(Duration.ofSeconds(5));
        cache.flush(Tier.L1);

        // Long remaining lifetime in L3: promoted copy is capped by L1's TTL (5 min).
        TieredCache.Hit hit = cache.lookup(k);
        assertThat(hit.tier()).isEqualTo(Tier.L3);
        assertThat(cache.peek(Tier.L1, k).expiresAtMillis() - clock.millis()).isEqualTo(Duration.ofMinutes(5).toMillis());

        // Two minutes before L3 expiry: the promoted copy keeps only those two minutes.
        cache.flush(Tier.L1);
        clock.advance(Duration.ofHours(24).minusMinutes(2));
        assertThat(cache.lookup(k).tier()).isEqualTo(Tier.L3);
        assertThat(cache.peek(Tier.L1, k).expiresAtMillis() - clock.millis()).isEqualTo(Duration.ofMinutes(2).toMillis());

        clock.advance(Duration.ofMinutes(3));
        assertThat(cache.lookup(k)).as("expired everywhere").isNull();
    }

    @Test
    void ttlChangeAppliesToNewEntriesAtOnce() {
        tiers.set(tiers.get().withL1(tiers.get().l1().withTtl(Duration.ofSeconds(30))));
        CacheKey k = MemoryTierTest.key("gpt-4o", "v1", "default", 3);
        cache.store(k, answer("x"));
        assertThat(cache.peek(Tier.L1, k).expiresAtMillis() - clock.millis()).isEqualTo(30_000);
    }

    @Test
    void invalidationReportsWhatEachTierRemoved() {
        for (int i = 0; i < 3; i++) {
            cache.store(MemoryTierTest.key("gpt-4o", "v1", "a", i), answer("v1-" + i));
        }
        cache.store(MemoryTierTest.key("gpt-4o", "v2", "a", 9), answer("v2"));
        cache.store(MemoryTierTest.key("gpt-4o", "v2", "b", 10), answer("ns-b"));

        TieredCache.InvalidationResult byVersion = cache.invalidateVersion("gpt-4o", "v1");
        assertThat(byVersion.removed()).containsEntry(Tier.L1, 3L).containsEntry(Tier.L3, 3L);
        assertThat(byVersion.failed()).isEmpty();

        TieredCache.InvalidationResult byNs = cache.invalidateNamespace("b");
        assertThat(byNs.total()).isEqualTo(2);

        TieredCache.InvalidationResult byKey = cache.invalidate(MemoryTierTest.key("gpt-4o", "v2", "a", 9));
        assertThat(byKey.total()).isEqualTo(2);
        assertThat(cache.lookup(MemoryTierTest.key("gpt-4o", "v2", "a", 9))).isNull();

        cache.store(MemoryTierTest.key("gpt-4o", "v3", "a", 11), answer("z"));
        assertThat(cache.flush(Tier.L3).removed()).containsOnlyKeys(Tier.L3).containsEntry(Tier.L3, 1L);
        assertThat(cache.flushAll().removed()).containsEntry(Tier.L1, 1L).containsEntry(Tier.L3, 0L);
    }

    @Test
    void snapshotCountsHitsMissesWritesAndShowsDisabledTiers() {
        CacheKey k = MemoryTierTest.key("gpt-4o", "v1", "default", 4);
        cache.lookup(k);
        cache.store(k, answer("x"));
        cache.awaitWrites(Duration.ofSeconds(5));
        cache.lookup(k);
        var snap = cache.snapshot();
        assertThat(snap).hasSize(3);
        TierSnapshot l1 = snap.get(0);
        assertThat(l1.state()).isEqualTo(TierState.UP);
        assertThat(l1.hits()).isEqualTo(1);
        assertThat(l1.misses()).isEqualTo(1);
        assertThat(l1.writes()).isEqualTo(1);
        assertThat(snap.get(1).state()).isEqualTo(TierState.DISABLED);
        assertThat(snap.get(2).writes()).isEqualTo(1);
        assertThat(snap.get(2).misses()).isEqualTo(1);
    }

    @Test
    void expiredL3RowsArePurged() {
        cache.store(MemoryTierTest.key("gpt-4o", "v1", "default", 20), answer("old"));
        cache.awaitWrites(Duration.ofSeconds(5));
        clock.advance(Duration.ofHours(12));
        cache.store(MemoryTierTest.key("gpt-4o", "v1", "default", 21), answer("new"));
        cache.awaitWrites(Duration.ofSeconds(5));
        clock.advance(Duration.ofHours(13));
        assertThat(cache.purgeExpired()).isEqualTo(1);
        assertThat(cache.purgeExpired()).isZero();
        assertThat(cache.peek(Tier.L3, MemoryTierTest.key("gpt-4o", "v1", "default", 21))).isNotNull();
    }
}
