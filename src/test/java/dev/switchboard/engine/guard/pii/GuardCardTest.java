package dev.switchboard.engine.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GuardCardTest {
    private final CardDetector d = new CardDetector();

    @Test
    void findsEachNetworkWithAndWithoutSeparators() {
        assertThat(Spans.of(d, "visa 4111111111111111 ok")).containsExactly("4111111111111111");
        assertThat(Spans.of(d, "mc 5555 5555 5555 4444.")).containsExactly("5555 5555 5555 4444");
        assertThat(Spans.of(d, "mc2 2223-0031-2200-3222")).containsExactly("2223-0031-2200-3222");
        assertThat(Spans.of(d, "amex 3782 822463 10005")).containsExactly("3782 822463 10005");
        assertThat(Spans.of(d, "discover 6011 1111 1111 1117")).containsExactly("6011 1111 1111 1117");
        assertThat(Spans.of(d, "jcb 3530111333300000")).containsExactly("3530111333300000");
        assertThat(Spans.of(d, "card 4111 1111 1111 1111 123 (cvv)")).containsExactly("4111 1111 1111 1111");
    }

    @Test
    void ignoresNumbersThatFailLuhnOrAreNotGroupedLikeACard() {
        assertThat(d.find("ref 4111 1111 1111 1112")).as("Luhn").isEmpty();
        assertThat(d.find("ref 9111111111111111")).as("no network starts with 9").isEmpty();
        assertThat(d.find("Order #398-8437673-3198355")).isEmpty();
        assertThat(d.find("+49 151 5449 3972")).as("a phone number").isEmpty();
        assertThat(d.find("IBAN CZ98 5474 1174 5445 9544 8723")).isEmpty();
        assertThat(d.find("Barcode EAN 5070903968566")).isEmpty();
        assertThat(d.find("0000 0000 0000 0000")).isEmpty();
    }
}
