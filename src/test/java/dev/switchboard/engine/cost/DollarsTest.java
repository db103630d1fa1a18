package dev.switchboard.engine.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Money one way everywhere: a dollar sign, cents with thousands separators, four significant digits below a cent. */
class DollarsTest {
    @Test
    void centsFromACentUpWithThousandsSeparators() {
        assertThat(Dollars.ofMicros(1_234_560_000L)).isEqualTo("$1,234.56");
        assertThat(Dollars.ofMicros(1_234_565_000L)).isEqualTo("$1,234.57");
        assertThat(Dollars.ofMicros(1_000_000_000_000L)).isEqualTo("$1,000,000.00");
        assertThat(Dollars.ofMicros(1_000_000L)).isEqualTo("$1.00");
        assertThat(Dollars.ofMicros(216_000L)).isEqualTo("$0.22");
        assertThat(Dollars.ofMicros(10_000L)).isEqualTo("$0.01");
        assertThat(Dollars.ofMicros(13_100L)).isEqualTo("$0.01");
        assertThat(Dollars.ofMicros(999_960L)).isEqualTo("$1.00");
    }

    @Test
    void fourSignificantDigitsBelowACent() {
        assertThat(Dollars.ofMicros(4_567L)).isEqualTo("$0.004567");
        assertThat(Dollars.ofMicros(4_000L)).isEqualTo("$0.004");
        assertThat(Dollars.ofMicros(45L)).isEqualTo("$0.000045");
        assertThat(Dollars.ofMicros(1L)).isEqualTo("$0.000001");
        assertThat(Dollars.of(0.0000123456)).isEqualTo("$0.00001235");
        assertThat(Dollars.of(0.00456789)).isEqualTo("$0.004568");
        // Rounds up to a cent: written as one.
        assertThat(Dollars.of(0.0099996)).isEqualTo("$0.01");
    }

    @Test
    void zeroNegativeAndNotANumber() {
        assertThat(Dollars.ofMicros(0)).isEqualTo("$0.00");
        assertThat(Dollars.of(0.0)).isEqualTo("$0.00");
        assertThat(Dollars.of(-0.0)).isEqualTo("$0.00");
        assertThat(Dollars.ofMicros(-2_500_000L)).isEqualTo("-$2.50");
        assertThat(Dollars.ofMicros(-4_567L)).isEqualTo("-$0.004567");
        assertThat(Dollars.of(Double.NaN)).isEqualTo("–");
        assertThat(Dollars.of(Double.POSITIVE_INFINITY)).isEqualTo("–");
    }

    @Test
    void theSameFromDoublesMicrosAndDecimalsWhateverTheLocale() {
        Locale was = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(Dollars.of(1234.5)).isEqualTo("$1,234.50");
            assertThat(Dollars.of(new BigDecimal("1234.5"))).isEqualTo("$1,234.50");
            assertThat(Dollars.ofMicros(1_234_500_000L)).isEqualTo("$1,234.50");
        } finally {
            Locale.setDefault(was);
        }
    }
}
