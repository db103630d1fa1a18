package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's remembered state on disk: written and read back; a missing or damaged file gives the defaults. */
class WindowStateTest {
    @TempDir
    Path home;

    @Test
    void writtenAndReadBack() throws Exception {
        Path file = home.resolve("sub").resolve(WindowState.FILE);
        WindowState s = new WindowState(40, 30, 1100, 700, false, "costs", "/data/w.jsonl");
        s.write(file);
        assertThat(WindowState.read(file)).isEqualTo(s);
        // Nothing else is left beside it.
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void missingFileGivesTheDefaults() {
        assertThat(WindowState.read(home.resolve("none.properties"))).isEqualTo(WindowState.DEFAULT);
    }

    @Test
    void badValuesAreSkippedOneByOne() throws Exception {
        Path file = home.resolve(WindowState.FILE);
        Files.writeString(file, "width=wide\nheight=300\nx=12\ny=14\ntab=nowhere\nworkload=\nmaximized=true\n");
        WindowState s = WindowState.read(file);
        assertThat(s.width()).isEqualTo(WindowState.DEFAULT.width());
        assertThat(s.height()).as("below the smallest window").isEqualTo(WindowState.DEFAULT.height());
        assertThat(s.x()).isEqualTo(12);
        assertThat(s.y()).isEqualTo(14);
        assertThat(s.tab()).isEqualTo("dashboard");
        assertThat(s.workload()).isNull();
        assertThat(s.maximized()).isTrue();
    }

    @Test
    void aPlaceNeverSetIsNotWritten() throws Exception {
        Path file = home.resolve(WindowState.FILE);
        WindowState.DEFAULT.write(file);
        assertThat(Files.readString(file)).doesNotContain("x=").doesNotContain("NaN");
        assertThat(WindowState.read(file)).isEqualTo(WindowState.DEFAULT);
    }
}
