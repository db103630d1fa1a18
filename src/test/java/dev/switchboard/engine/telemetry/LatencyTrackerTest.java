package dev.switchboard.engine.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The dashboard's latency: since start, and over the last minute only, with the time given by hand. */
class LatencyTrackerTest {
    private static final long MS = 1_000_000;

    @Test
    void aSlowSpellLeavesTheWindowButStaysInTheTotal() {
        LatencyTracker t = new LatencyTracker(60_000, 12);
        long start = 1_000_000;
        for (int i = 0; i < 100; i++) {
            t.record(900 * MS); // a slow spell
        }
        assertThat(t.recent(start).count()).isEqualTo(100);
        assertThat(t.recent(start).p50()).isBetween(899.0, 901.0);

        // Thirty seconds later, fast requests: both in the window.
        for (int i = 0; i < 300; i++) {
            t.record(2 * MS);
        }
        assertThat(t.recent(start + 30_000).count()).isEqualTo(400);

        // Past a minute after the spell, only the fast ones are left; the total keeps everything.
        LatencySummary recent = t.recent(start + 65_000);
        assertThat(recent.count()).isEqualTo(300);
        assertThat(recent.p99()).isLessThan(3.0);
        assertThat(t.summary().count()).isEqualTo(400);
        assertThat(t.summary().max()).isGreaterThan(899.0);

        // And after another minute with nothing, the window is empty.
        assertThat(t.recent(start + 130_000)).isEqualTo(LatencySummary.EMPTY);
        assertThat(t.summary().count()).isEqualTo(400);
    }

    @Test
    void aSummaryBetweenTwoWindowReadsLosesNothingFromTheWindow() {
        LatencyTracker t = new LatencyTracker(60_000, 12);
        t.recent(0);
        t.record(5 * MS);
        assertThat(t.summary().count()).isEqualTo(1);
        assertThat(t.recent(1_000).count()).isEqualTo(1);
    }

    @Test
    void withoutAWindowRecentIsTheTotal() {
        LatencyTracker t = new LatencyTracker();
        t.record(3 * MS);
        assertThat(t.recent(999_999).count()).isEqualTo(1);
        assertThat(t.summary().count()).isEqualTo(1);
    }
}
