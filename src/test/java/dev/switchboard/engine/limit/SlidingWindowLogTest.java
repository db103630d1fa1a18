package dev.switchboard.engine.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlidingWindowLogTest {
    private static final long S = 1_000_000_000L;

    @Test
    void atMostLimitInAnySlidingWindow() {
        SlidingWindowLog log = new SlidingWindowLog(3, S);
        assertThat(log.tryAcquire(0)).isZero();
        assertThat(log.tryAcquire(S / 10)).isZero();
        assertThat(log.tryAcquire(S / 5)).isZero();
        assertThat(log.tryAcquire(S / 2)).isEqualTo(S / 2);
        // The first event leaves the window at exactly 1 s.
        assertThat(log.tryAcquire(S - 1)).isEqualTo(1);
        assertThat(log.tryAcquire(S)).isZero();
        assertThat(log.tryAcquire(S + S / 20)).isEqualTo(S / 20);
    }

    @Test
    void hugeLimitsCostMemoryOnlyForEventsSeen() {
        SlidingWindowLog log = new SlidingWindowLog(1_000_000_000, 60 * S);
        for (int i = 0; i < 100_000; i++) {
            assertThat(log.tryAcquire(i)).isZero();
        }
        assertThat(log.waitNanos(100_000)).isZero();
    }

    @Test
    void growsAndWrapsWithoutLosingOrder() {
        SlidingWindowLog log = new SlidingWindowLog(20, 100);
        long t = 0;
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 20; i++) {
                assertThat(log.tryAcquire(t + i)).isZero();
            }
            assertThat(log.tryAcquire(t + 20)).isEqualTo(80);
            t += 100;
        }
    }
}
