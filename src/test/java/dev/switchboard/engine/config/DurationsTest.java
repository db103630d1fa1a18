package dev.switchboard.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void readsTheShortForms() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("-5s")).isEqualTo(Duration.ofSeconds(-5));
    }

    @Test
    void formatIsShortestAndParsesBack() {
        for (String s : new String[] {"250ms", "30s", "90m", "1h", "2d", "1500ms"}) {
            assertThat(Durations.format(Durations.parse(s))).isEqualTo(s);
        }
        assertThat(Durations.format(Duration.ofMinutes(60))).isEqualTo("1h");
    }

    @Test
    void rejectsWhatIsNotADuration() {
        assertThatThrownBy(() -> Durations.parse("5 minutes")).hasMessageContaining("got '5 minutes'");
        assertThatThrownBy(() -> Durations.parse("10")).hasMessageContaining("expected a duration");
    }
}
