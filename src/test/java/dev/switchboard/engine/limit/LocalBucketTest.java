package dev.switchboard.engine.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalBucketTest {
    private static final long MS = 1_000_000L;

    @Test
    void capacityGoesAtOnceThenSlotsQueueInOrderAtTheRate() {
        LocalBucket b = new LocalBucket(10, 3);
        long second = 1_000 * MS;
        assertThat(b.reserve(second)).isZero();
        assertThat(b.reserve(second)).isZero();
        assertThat(b.reserve(second)).isZero();
        long w1 = b.reserve(second);
        long w2 = b.reserve(second);
        // Each further request waits one more interval (100 ms) than the one before it: FIFO by construction.
        assertThat(w1).isBetween(90 * MS, 101 * MS);
        assertThat(w2 - w1).isBetween(99 * MS, 101 * MS);
        assertThat(b.level()).isZero();
    }

    @Test
    void aSlotBeyondTheDeadlineIsRefusedAndNotReserved() {
        LocalBucket b = new LocalBucket(1, 1);
        assertThat(b.reserve(0)).isZero();
        long r = b.reserve(500 * MS);
        assertThat(r).isNegative();
        assertThat(-r).isBetween(400 * MS, 501 * MS);
        // Refused requests leave no trace: the next one with a long enough deadline gets the first free slot.
        assertThat(b.reserve(2_000 * MS)).isBetween(900 * MS, 1_001 * MS);
    }

    @Test
    void penaltyHalvesTheRateAndPausesThenRecovers() {
        LocalBucket b = new LocalBucket(10, 1);
        b.penalize(200 * MS);
        assertThat(b.effectiveRate()).isEqualTo(5.0);
        assertThat(b.reserve(1_000 * MS)).isBetween(190 * MS, 201 * MS);
        for (int i = 0; i < 20; i++) {
            b.recover();
        }
        assertThat(b.effectiveRate()).isEqualTo(10.0);
    }

    @Test
    void levelShowsTokensLeft() {
        LocalBucket b = new LocalBucket(1, 4);
        assertThat(b.level()).isBetween(3.99, 4.0);
        b.reserve(0);
        b.reserve(0);
        assertThat(b.level()).isBetween(1.99, 2.01);
    }
}
