package dev.switchboard.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** A command line run in-process with its own SWITCHBOARD_HOME: exit code, and what it printed to each stream. */
record CliRun(int code, String out, String err) {
    static CliRun of(Path home, String... args) {
        CommandLine cl = Main.commandLine(Map.of("SWITCHBOARD_HOME", home.toString())::get);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
