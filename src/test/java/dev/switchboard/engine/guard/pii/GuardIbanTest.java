package dev.switchboard.engine.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GuardIbanTest {
    private final IbanDetector d = new IbanDetector();

    @Test
    void findsElectronicAndPrintedIbans() {
        assertThat(Spans.of(d, "IBAN DE89370400440532013000.")).containsExactly("DE89370400440532013000");
        assertThat(Spans.of(d, "to DE89 3704 0044 0532 0130 00 please")).containsExactly(
                "DE89 3704 0044 0532 0130 00");
        assertThat(Spans.of(d, "GB82 WEST 1234 5698 7654 32")).containsExactly("GB82 WEST 1234 5698 7654 32");
        assertThat(Spans.of(d, "FR1420041010050500013M02606 and NL91ABNA0417164300")).hasSize(2);
        assertThat(Spans.of(d, "NO9386011117947")).as("the shortest, 15").containsExactly("NO9386011117947");
    }

    @Test
    void ignoresBadChecksumsWrongLengthsAndUnknownCountries() {
        assertThat(d.find("DE12 3704 0044 0532 0130 00")).isEmpty();
        assertThat(d.find("DE8937040044053201300")).as("one short").isEmpty();
        assertThat(d.find("XX89370400440532013000")).isEmpty();
        assertThat(d.find("ORDER AB12 3456 7890")).isEmpty();
    }
}
