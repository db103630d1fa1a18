package dev.switchboard.engine.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.guard.detect.Finding;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GuardPiiOverlapTest {
    private final PiiDetector all = new PiiDetector(Set.copyOf(PiiDetector.TYPES), "US");

    @Test
    void aCardOrAnIpIsNotAlsoAPhone() {
        assertThat(all.find("card 4111 1111 1111 1111 and 10.20.30.40").stream().map(Finding::type))
                .containsExactly("card", "ip");
    }

    @Test
    void aSubsetOfTypesLooksOnlyForThose() {
        PiiDetector emailOnly = new PiiDetector(Set.of("email"), "US");
        assertThat(emailOnly.find("a@b.io 4111111111111111").stream().map(Finding::type)).containsExactly("email");
    }
}
