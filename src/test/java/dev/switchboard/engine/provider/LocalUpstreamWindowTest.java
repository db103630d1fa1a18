package dev.switchboard.engine.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalUpstreamWindowTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void atMostLimitCallsInAnySecond() {
        LocalUpstreamWindow w = new LocalUpstreamWindow(3);
        long t0 = 5 * SECOND;
        assertThat(w.tryAcquire(t0)).isZero();
        assertThat(w.tryAcquire(t0 + 100)).isZero();
        assertThat(w.tryAcquire(t0 + 200)).isZero();
        assertThat(w.tryAcquire(t0 + 300)).as("a fourth inside the second waits for the first to leave")
                .isEqualTo(SECOND - 300);
        assertThat(w.tryAcquire(t0 + SECOND)).as("the first has left").isZero();
        assertThat(w.tryAcquire(t0 + SECOND + 50)).isEqualTo(50);
        assertThat(w.tryAcquire(t0 + SECOND + 100)).isZero();
    }

    @Test
    void refusedCallsAreNotCounted() {
        LocalUpstreamWindow w = new LocalUpstreamWindow(1);
        assertThat(w.tryAcquire(0)).isZero();
        for (int i = 1; i < 10; i++) {
            assertThat(w.tryAcquire(i * 1000L)).isPositive();
        }
        assertThat(w.tryAcquire(SECOND)).isZero();
    }
}
