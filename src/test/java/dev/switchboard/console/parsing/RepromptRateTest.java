package dev.switchboard.console.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RepromptRateTest {
    @Test
    void twoSnapshotsGiveTheCountGainedScaledToAMinute() {
        RepromptRate r = new RepromptRate();
        assertThat(r.add(1_000, 10)).as("one sample is no rate").isNaN();
        // 3 more in 15 seconds: 12 a minute.
        assertThat(r.add(16_000, 13)).isEqualTo(12.0);
    }

    @Test
    void theRateCoversTheLastMinuteOnly() {
        RepromptRate r = new RepromptRate();
        r.add(0, 0);
        r.add(30_000, 30);
        r.add(60_000, 30);
        r.add(90_000, 30);
        // From 30 s (the sample at the window's start) to 90 s nothing was added.
        assertThat(r.add(91_000, 30)).isEqualTo(0.0);
        assertThat(r.add(121_000, 45)).as("15 in the last minute").isEqualTo(15.0 * 60_000 / 61_000);
    }

    @Test
    void aSnapshotAtTheSameMomentOrATotalThatFellStartsNoNonsense() {
        RepromptRate r = new RepromptRate();
        r.add(1_000, 5);
        assertThat(r.add(1_000, 5)).isNaN();
        r.add(61_000, 65);
        assertThat(r.rate()).isEqualTo(60.0);
        assertThat(r.add(62_000, 2)).as("an engine restarted: counting starts over").isNaN();
        assertThat(r.add(122_000, 4)).isEqualTo(2.0);
    }
}
