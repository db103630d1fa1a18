package dev.switchboard.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.request.CacheKey;
import dev.switchboard.testsupport.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MemoryTierTest {
    private final MutableClock clock = new MutableClock();

    static CacheKey key(String model, String version, String ns, int n) {
        return new CacheKey(model, version, ns, String.format("%064x", n));
    }

    private CachedAnswer answer(String text, Duration ttl) {
        long now = clock.millis();
        return new CachedAnswer(text, "gpt-4o", 10, 20, 0.001, now, now + ttl.toMillis());
    }

    @Test
    void entryLivesForItsOwnTtl() {
        MemoryTier t = new MemoryTier(1 << 20, clock, () -> java.time.Duration.ZERO);
        t.put(key("m", "v", "ns", 1), answer("short", Duration.ofSeconds(10)));
        t.put(key("m", "v", "ns", 2), answer("long", Duration.ofMinutes(10)));
        clock.advance(Duration.ofSeconds(11));
        assertThat(t.get(key("m", "v", "ns", 1))).isNull();
        assertThat(t.get(key("m", "v", "ns", 2))).isNotNull();
    }

    @Test
    void boundedByBytes() {
        MemoryTier t = new MemoryTier(64 * 1024, clock, () -> java.time.Duration.ZERO);
        String text = "x".repeat(1000); // ~2 KB an entry
        for (int i = 0; i < 1000; i++) {
            t.put(key("m", "v", "ns", i), answer(text, Duration.ofMinutes(5)));
        }
        java.util.concurrent.ForkJoinPool.commonPool().awaitQuiescence(5, java.util.concurrent.TimeUnit.SECONDS);
        long live = 0;
        for (int i = 0; i < 1000; i++) {
            if (t.get(key("m", "v", "ns", i)) != null) {
                live++;
            }
        }
        assertThat(live).isBetween(1L, 40L);
    }

    @Test
    void invalidatesByVersionAndNamespace() {
        MemoryTier t = new MemoryTier(1 << 20, clock, () -> java.time.Duration.ZERO);
        t.put(key("m", "v1", "a", 1), answer("1", Duration.ofMinutes(5)));
        t.put(key("m", "v1", "b", 2), answer("2", Duration.ofMinutes(5)));
        t.put(key("m", "v2", "a", 3), answer("3", Duration.ofMinutes(5)));
        t.put(key("n", "v1", "a", 4), answer("4", Duration.ofMinutes(5)));
        assertThat(t.invalidateVersion("m", "v1")).isEqualTo(2);
        assertThat(t.invalidateNamespace("a")).isEqualTo(2);
        assertThat(t.flush()).isZero();
    }
}
