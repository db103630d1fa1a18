package dev.switchboard.engine.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalBucketTest {
    private static final long MS = 1_000_000L;
    private final FakeTicker ticker = new FakeTicker();

    @Test
    void capacityGoesAtOnceThenSlotsQueueInOrderAtTheRate() {
        LocalBucket b = new LocalBucket(10, 3, ticker);
        long second = 1_000 * MS;
        assertThat(b.reserve(second).waitNanos()).isZero();
        assertThat(b.reserve(second).waitNanos()).isZero();
        assertThat(b.reserve(second).waitNanos()).isZero();
        // Each further request waits one more interval (100 ms) than the one before it: FIFO by construction.
        assertThat(b.reserve(second).waitNanos()).isEqualTo(100 * MS);
        assertThat(b.reserve(second).waitNanos()).isEqualTo(200 * MS);
        assertThat(b.level()).isZero();
    }

    @Test
    void aSlotBeyondTheDeadlineIsRefusedAndNotReserved() {
        LocalBucket b = new LocalBucket(1, 1, ticker);
        assertThat(b.reserve(0).waitNanos()).isZero();
        Bucket.Reservation r = b.reserve(500 * MS);
        assertThat(r.granted()).isFalse();
        assertThat(-r.waitNanos()).isEqualTo(500 * MS);
        // Refused requests leave no trace: the next one with a long enough deadline gets the first free slot.
        assertThat(b.reserve(2_000 * MS).waitNanos()).isEqualTo(1_000 * MS);
    }

    @Test
    void penaltyHalvesTheRateAndPausesThenRecovers() {
        LocalBucket b = new LocalBucket(10, 1, ticker);
        b.penalize(200 * MS);
        assertThat(b.effectiveRate()).isEqualTo(5.0);
        assertThat(b.reserve(1_000 * MS).waitNanos()).isEqualTo(200 * MS);
        for (int i = 0; i < 20; i++) {
            b.recover();
        }
        assertThat(b.effectiveRate()).isEqualTo(10.0);
    }

    @Test
    void levelShowsTokensLeft() {
        LocalBucket b = new LocalBucket(1, 4, ticker);
        assertThat(b.level()).isEqualTo(4.0);
        b.reserve(0);
        b.reserve(0);
        assertThat(b.level()).isEqualTo(2.0);
        ticker.advance(Duration.ofSeconds(1));
        assertThat(b.level()).isEqualTo(3.0);
    }

    @Test
    void aCallerThatWakesLateDoesNotLetTheNextStartCloserThanTheInterval() {
        // The burst's violations: slots 100 ms apart, the first caller woke 60 ms late, the second on time, and the
        // upstream saw two calls 40 ms apart. Starts are admitted by when calls really start.
        LocalBucket b = new LocalBucket(10, 1, ticker);
        assertThat(b.reserve(MS * 1_000).waitNanos()).isZero();
        assertThat(b.reserve(MS * 1_000).waitNanos()).isEqualTo(100 * MS);
        ticker.advance(Duration.ofMillis(60));
        assertThat(b.admitStart()).as("the late first caller starts at 60 ms").isZero();
        ticker.advance(Duration.ofMillis(40));
        assertThat(b.admitStart()).as("the second, on time at 100 ms, waits until 160 ms").isEqualTo(60 * MS);
        ticker.advance(Duration.ofMillis(60));
        assertThat(b.admitStart()).isZero();
    }

    @Test
    void onlyTheNewestSlotCanBeGivenBackSoSlotsNeverComeCloserThanTheInterval() {
        LocalBucket b = new LocalBucket(10, 1, ticker);
        Bucket.Reservation first = b.reserve(MS * 1_000);
        Bucket.Reservation second = b.reserve(MS * 1_000);
        assertThat(second.waitNanos()).isEqualTo(100 * MS);
        // The first gives back while the second holds the slot after it: nothing changes.
        b.giveBack(first);
        assertThat(b.reserve(MS * 1_000).waitNanos()).isEqualTo(200 * MS);
        Bucket.Reservation fourth = b.reserve(MS * 1_000);
        assertThat(fourth.waitNanos()).isEqualTo(300 * MS);
        // The newest gives back (its breaker opened while it queued): the next caller takes that very slot.
        b.giveBack(fourth);
        assertThat(b.reserve(MS * 1_000).waitNanos()).isEqualTo(300 * MS);
    }

    @Test
    void aSlotGivenBackAfterA429SlowedTheBucketDoesNotFreeTwoIntervals() {
        LocalBucket b = new LocalBucket(10, 1, ticker);
        assertThat(b.reserve(MS * 1_000).waitNanos()).isZero();
        Bucket.Reservation second = b.reserve(MS * 1_000);
        assertThat(second.waitNanos()).isEqualTo(100 * MS);
        // A 429 halves the rate (the interval doubles) without moving the next slot, which is already far enough.
        b.penalize(10 * MS);
        b.giveBack(second);
        // The slot goes back to where it was (100 ms), not an interval of 200 ms before the next (0 ms: two calls
        // at once with the first).
        assertThat(b.reserve(MS * 1_000).waitNanos()).isEqualTo(100 * MS);
    }
}
