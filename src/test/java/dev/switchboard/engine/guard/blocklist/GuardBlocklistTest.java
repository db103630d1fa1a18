package dev.switchboard.engine.guard.blocklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GuardBlocklistTest {
    @Test
    void termsMatchWholeWordsInAnyCase() {
        BlocklistDetector d = new BlocklistDetector(List.of("Project Falcon", "ass"), List.of());
        String t = "About PROJECT FALCON: the class is full; ass.";
        assertThat(d.find(t)).extracting(f -> t.substring(f.start(), f.end())).containsExactly("PROJECT FALCON",
                "ass");
        assertThat(d.find("classic passage")).isEmpty();
        assertThat(d.find(t).get(0).rule()).isEqualTo("blocklist");
    }

    @Test
    void patternsAreRegularExpressions() {
        BlocklistDetector d = new BlocklistDetector(List.of(), List.of("ticket-\\d{4}"));
        assertThat(d.find("see ticket-1234 and ticket-12")).hasSize(1);
        assertThatThrownBy(() -> new BlocklistDetector(List.of(), List.of("(unclosed")))
                .hasMessageStartingWith("blocklist_patterns: entry 0 is not a valid regular expression");
        assertThatThrownBy(() -> new BlocklistDetector(List.of(" "), List.of()))
                .hasMessageStartingWith("blocklist_terms: entry 0 is empty");
        assertThat(new BlocklistDetector(List.of(), List.of()).find("anything")).isEmpty();
    }
}
