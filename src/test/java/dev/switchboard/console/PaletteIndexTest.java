package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How typing narrows the palette: every word must appear; the label's start ranks first. */
class PaletteIndexTest {
    private static PaletteIndex.Entry tab(String label, String tab) {
        return new PaletteIndex.Entry(label, "", tab, null, null, "tab " + tab);
    }

    private final PaletteIndex index = new PaletteIndex(List.of(tab("Dashboard", "dashboard"),
            tab("Costs", "costs"), tab("Routing", "routing"),
            new PaletteIndex.Entry("Run the cost report", "Ctrl+R", null, null, "run-report", "costs report"),
            new PaletteIndex.Entry("Breaker of gpt-4o-mini", "", "resilience", "gpt-4o-mini", null, "model"),
            new PaletteIndex.Entry("Breaker of gpt-4o", "", "resilience", "gpt-4o", null, "model"),
            new PaletteIndex.Entry("Spend of alice", "", "costs", "alice", null, "user")));

    @Test
    void everyWordMustMatchAndTheLabelsStartRanksFirst() {
        assertThat(index.match("cost")).extracting(PaletteIndex.Entry::label)
                .containsExactly("Costs", "Run the cost report");
        assertThat(index.match("breaker mini")).extracting(PaletteIndex.Entry::subject).containsExactly("gpt-4o-mini");
        assertThat(index.match("ALICE")).extracting(PaletteIndex.Entry::subject).containsExactly("alice");
        assertThat(index.match("nothing like it")).isEmpty();
    }

    @Test
    void blankShowsTheFirstEntriesInOrder() {
        assertThat(index.match("  ")).hasSize(7).first().extracting(PaletteIndex.Entry::label).isEqualTo("Dashboard");
    }
}
