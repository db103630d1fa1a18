package dev.switchboard.engine.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GuardSsnTest {
    private final SsnDetector d = new SsnDetector();

    @Test
    void findsDashedSpacedAndCuedBareNumbers() {
        assertThat(Spans.of(d, "SSN 123-45-6789.")).containsExactly("123-45-6789");
        assertThat(Spans.of(d, "it is 123 45 6789")).containsExactly("123 45 6789");
        assertThat(Spans.of(d, "social security number: 123456789")).containsExactly("123456789");
    }

    @Test
    void ignoresNeverIssuedNumbersAndBareRunsWithoutACue() {
        assertThat(d.find("000-12-3456 666-12-3456 912-34-5678 123-00-4567 123-45-0000")).isEmpty();
        assertThat(d.find("order 123456789 shipped")).isEmpty();
        assertThat(d.find("call 1-212-45-6789-1")).isEmpty();
        assertThat(d.find("zip 94103-1234")).isEmpty();
    }
}
