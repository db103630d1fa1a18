package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The console writes money as the PDF does (the rules: DollarsTest), from doubles and micro-dollars alike. */
class MoneyTest {
    @Test
    void doublesAndMicrosReadTheSame() {
        assertThat(Money.usd(0.216)).isEqualTo("$0.22").isEqualTo(Money.ofMicros(216_000));
        assertThat(Money.usd(0.004567)).isEqualTo("$0.004567").isEqualTo(Money.ofMicros(4_567));
        assertThat(Money.usd(12_345.678)).isEqualTo("$12,345.68").isEqualTo(Money.ofMicros(12_345_678_000L));
        assertThat(Money.usd(0)).isEqualTo("$0.00").isEqualTo(Money.ofMicros(0));
        assertThat(Money.usd(-0.02)).isEqualTo("-$0.02");
    }
}
