package dev.switchboard.engine.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GuardEmailTest {
    private final EmailDetector d = new EmailDetector();

    @Test
    void findsAddressesOfManyShapes() {
        assertThat(Spans.of(d, "mail jane.doe@example.com today")).containsExactly("jane.doe@example.com");
        assertThat(Spans.of(d, "plus: jane+news@mail.example.co.uk.")).containsExactly("jane+news@mail.example.co.uk");
        assertThat(Spans.of(d, "<J_DOE99@CORP.ACME-WIDGETS.COM>")).containsExactly("J_DOE99@CORP.ACME-WIDGETS.COM");
        assertThat(Spans.of(d, "a@b.io, c.d@e.fr")).containsExactly("a@b.io", "c.d@e.fr");
        assertThat(d.find("x jane.doe@example.com").get(0).rule()).isEqualTo("pii.email");
    }

    @Test
    void ignoresHandlesAndAddressesWithoutADomain() {
        assertThat(d.find("ping @jane_doe on chat")).isEmpty();
        assertThat(d.find("jane at example dot com")).isEmpty();
        assertThat(d.find("root@localhost and admin@192.168.1.1")).isEmpty();
        assertThat(d.find("a@b.c")).as("one-letter TLD").isEmpty();
        assertThat(d.find("no at sign here")).isEmpty();
    }
}
