package dev.switchboard.console.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockWatchTest {
    @Test
    void aBlockIsRecentForAMinuteAfterTheCountGrew() {
        BlockWatch w = new BlockWatch();
        assertThat(w.add(0, 4, 600_000)).as("blocked before the console watched: not the last minute").isFalse();
        assertThat(w.add(1_000, 5, 601_000)).isTrue();
        assertThat(w.add(60_999, 5, 660_999)).isTrue();
        assertThat(w.add(61_000, 5, 661_000)).isFalse();
    }

    @Test
    void blocksInTheEnginesFirstMinuteAreRecentOnTheFirstSnapshot() {
        assertThat(new BlockWatch().add(10_000, 1, 5_000)).isTrue();
        assertThat(new BlockWatch().add(10_000, 0, 5_000)).isFalse();
    }

    @Test
    void rulesAreListedLargestFirst() {
        GuardFigures g = new GuardFigures(0, 10, 1, 2, 3, Map.of("pii.email", 4L, "injection", 9L, "blocklist", 4L));
        assertThat(g.rulesByCount()).extracting(Map.Entry::getKey).containsExactly("injection", "blocklist",
                "pii.email");
    }
}
