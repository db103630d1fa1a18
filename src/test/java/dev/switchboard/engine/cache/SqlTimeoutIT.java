package dev.switchboard.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.config.TiersConfig;
import dev.switchboard.engine.request.CacheKey;
import dev.switchboard.testsupport.MutableClock;
import dev.switchboard.testsupport.PgSchema;
import dev.switchboard.testsupport.Services;
import dev.switchboard.testsupport.TestConfigs;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code tiers.l3.timeout} bounds each read on the real PostgreSQL, lock waits included: with {@code cache_entry}
 * locked by another transaction, a lookup is a miss that marks L3 DOWN while the lock is still held, and the
 * tier stays DOWN until a probe can read the table. In a schema of the test's own, so no one else's test waits.
 */
class SqlTimeoutIT {
    private final MutableClock clock = new MutableClock();

    private static TierSnapshot l3(TieredCache cache) {
        return cache.snapshot().stream().filter(t -> t.tier() == Tier.L3).findFirst().orElseThrow();
    }

    private static TiersConfig tiers(PgSchema schema) {
        return TestConfigs.parse("""
                tiers:
                  l1: {enabled: false}
                  l3: {enabled: true, url: "%s", user: "%s", timeout: 300ms}
                """.formatted(schema.url(), Services.databaseUser()) + TestConfigs.MODELS).tiers();
    }

    @Test
    void aReadOfALockedTableIsAMissAndMarksL3DownWithoutWaitingForTheLock() throws Exception {
        try (PgSchema schema = new PgSchema()) {
            TiersConfig tiers = tiers(schema);
            try (TieredCache cache = TieredCache.open(() -> tiers, () -> Duration.ZERO, clock, "test", 0)) {
                CacheKey k = MemoryTierTest.key("gpt-4o", "v1", "default", 42);
                cache.store(k, new CachedAnswer("kept", "gpt-4o", 1, 1, 0, clock.millis(), clock.millis()));
                assertThat(cache.awaitWrites(Duration.ofSeconds(30))).isTrue();
                assertThat(cache.lookup(k).tier()).as("unlocked: a hit").isEqualTo(Tier.L3);

                try (Connection locker = schema.connect(); Statement s = locker.createStatement()) {
                    locker.setAutoCommit(false);
                    s.execute("LOCK TABLE cache_entry IN ACCESS EXCLUSIVE MODE");

                    assertThat(cache.lookup(k)).as("a read of the locked table").isNull();
                    TierSnapshot l3 = l3(cache);
                    assertThat(l3.state()).isEqualTo(TierState.DOWN);
                    assertThat(l3.errors()).isEqualTo(1);
                    assertThat(l3.reason()).contains("L3 read took longer than 300 ms and was cancelled");
                    assertThat(cache.lookup(k)).as("skipped while DOWN").isNull();
                    assertThat(l3(cache).errors()).as("a DOWN tier is not asked").isEqualTo(1);

                    cache.probeDownTiers();
                    assertThat(l3(cache).state()).as("probed with the table still locked").isEqualTo(TierState.DOWN);
                    locker.rollback();
                }

                cache.probeDownTiers();
                assertThat(l3(cache).state()).as("probed after the lock is gone").isEqualTo(TierState.UP);
                TieredCache.Hit hit = cache.lookup(k);
                assertThat(hit).isNotNull();
                assertThat(hit.answer().answer()).isEqualTo("kept");
            }
        }
    }

    @Test
    void pooledSessionsCarryTheBoundAndLongStatementsGetTheirsBack() throws Exception {
        try (PgSchema schema = new PgSchema();
             dev.switchboard.store.Database db = dev.switchboard.store.Database.open(schema.url(),
                     Services.databaseUser(), null, Duration.ofMillis(300), 1, Duration.ofMillis(300))) {
            db.ensureReady();
            assertThat(show(db.dataSource().getConnection())).isEqualTo("300ms");
            assertThat(db.withStatementTimeout(Duration.ofMinutes(1), SqlTimeoutIT::showOn)).isEqualTo("1min");
            assertThat(show(db.dataSource().getConnection())).as("back to the pool's bound").isEqualTo("300ms");
        }
    }

    private static String show(Connection c) throws java.sql.SQLException {
        try (c) {
            return showOn(c);
        }
    }

    private static String showOn(Connection c) throws java.sql.SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
