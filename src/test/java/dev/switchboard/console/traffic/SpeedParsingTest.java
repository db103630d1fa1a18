package dev.switchboard.console.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpeedParsingTest {
    @Test
    void readsFactorsAndMaxRate() {
        assertThat(TrafficController.parseSpeed("10×").speed()).isEqualTo(10.0);
        assertThat(TrafficController.parseSpeed(" 2.5x ").speed()).isEqualTo(2.5);
        assertThat(TrafficController.parseSpeed("max rate").maxRate()).isTrue();
        assertThatThrownBy(() -> TrafficController.parseSpeed("fast")).hasMessageContaining("Speed: enter a number");
        assertThatThrownBy(() -> TrafficController.parseSpeed("0")).hasMessageContaining("must be more than 0");
    }
}
