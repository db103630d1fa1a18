package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The installer's scripts parse (syntax only: building a package takes minutes and is not part of the build; see
 * installer/build.sh), and the JVM options that ./switchboard and the installed app share are options.
 */
class InstallerScriptsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void theScriptsParse() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) && Files.isExecutable(Path.of("/bin/sh")),
                "needs bash and sh");
        for (String script : List.of("installer/build.sh", "switchboard")) {
            assertThat(check("/bin/bash", script)).as("bash -n " + script).isEmpty();
        }
        for (String script : List.of("installer/linux/postinst", "installer/linux/prerm")) {
            assertThat(check("/bin/sh", script)).as("sh -n " + script).isEmpty();
        }
    }

    @Test
    void theSharedJavaOptionsAreOneOptionALine() throws IOException {
        List<String> options = Files.readAllLines(ROOT.resolve("installer/java-options"), StandardCharsets.UTF_8)
                .stream().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
        assertThat(options).isNotEmpty().allSatisfy(o -> assertThat(o).startsWith("-").doesNotContain(" "));
    }

    /** @return what the shell said about the script's syntax; empty when it parses */
    private static String check(String shell, String script) throws Exception {
        Process p = new ProcessBuilder(shell, "-n", ROOT.resolve(script).toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(script + " checked").isTrue();
        return p.exitValue() == 0 ? out : "exit " + p.exitValue() + ": " + out;
    }
}
