package dev.switchboard.engine.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GuardPhoneTest {
    private final PhoneDetector us = new PhoneDetector("US");

    @Test
    void findsUsNumbersInTheUsualFormats() {
        assertThat(Spans.of(us, "call (212) 734-8812 now")).containsExactly("(212) 734-8812");
        assertThat(Spans.of(us, "212-734-8812")).containsExactly("212-734-8812");
        assertThat(Spans.of(us, "212.734.8812.")).containsExactly("212.734.8812");
        assertThat(Spans.of(us, "+1 212 734 8812")).containsExactly("+1 212 734 8812");
    }

    @Test
    void findsInternationalNumbersInAnyRegion() {
        assertThat(Spans.of(us, "London +44 20 7946 0123, Berlin +49 30 12345678")).containsExactly(
                "+44 20 7946 0123", "+49 30 12345678");
        assertThat(Spans.of(us, "Tokyo +81 3-5123-4567; Mumbai +91 98765 43210")).hasSize(2);
        assertThat(Spans.of(us, "[+49 151 6819 6912]")).containsExactly("+49 151 6819 6912");
        assertThat(Spans.of(us, "tel. +44 7939 537455 2024-05-02T10:11:12Z")).containsExactly("+44 7939 537455");
    }

    @Test
    void readsNationalNumbersInTheConfiguredRegion() {
        assertThat(new PhoneDetector("GB").find("ring 020 7946 0123")).hasSize(1);
        assertThat(us.find("ring 020 7946 0123")).isEmpty();
        assertThatThrownBy(() -> new PhoneDetector("XX")).hasMessageStartingWith("phone_region: unknown region");
    }

    @Test
    void ignoresIdsDatesAndBadlyGroupedDigits() {
        assertThat(us.find("Invoice INV-2024-567288 is overdue")).isEmpty();
        assertThat(us.find("Is 929.88.22.114 an address?")).isEmpty();
        assertThat(us.find("build 3104208 failed")).isEmpty();
        assertThat(us.find("on 2024-03-15 at 14:30")).isEmpty();
        assertThat(us.find("only 42 digits here 123")).isEmpty();
    }
}
