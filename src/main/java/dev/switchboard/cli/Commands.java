package dev.switchboard.cli;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.engine.error.Echo;
import dev.switchboard.workload.Workload;
import dev.switchboard.workload.WorkloadEntry;
import dev.switchboard.workload.WorkloadReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the commands share: starting an engine from a config file, reading a workload, checking an output path, and
 * refusing bad input with one line that names the command, the option or line at fault and the reason.
 */
final class Commands {
    /** The longest a timed replay may take: a workload whose timeline is longer is refused before it starts. */
    static final Duration MAX_TIMELINE = Duration.ofDays(7);

    private Commands() {
    }

    /** @return the started engine, or null after printing why the config cannot be used */
    static Engine startEngine(ConfigFile file, PrintWriter err) {
        try {
            dev.switchboard.engine.config.SwitchboardConfig cfg = file.load();
            if (cfg.logs().json()) {
                dev.switchboard.store.LogLines.useJson();
            }
            return Engine.start(cfg);
        } catch (ConfigException e) {
            err.println("switchboard: config error: " + e.getMessage());
            return null;
        }
    }

    /** The environment the command line was started with (tests pass their own, with a temporary SWITCHBOARD_HOME). */
    static Function<String, String> env(CommandSpec spec) {
        return spec.root().userObject() instanceof Main main ? main.env : System::getenv;
    }

    /**
     * The config file {@code --config} names, or when it names none the user's default
     * ({@link DefaultConfig}, created from the bundled sample on first use), read with the command line's environment.
     *
     * @return the file, or null after printing why the default cannot be created
     */
    static ConfigFile configFile(CommandSpec spec, Path given) {
        Path path = given;
        if (path == null) {
            try {
                path = DefaultConfig.ensure(env(spec), spec.commandLine().getErr());
            } catch (IOException e) {
                refuse(spec, "cannot create the default config in " + DefaultConfig.home(env(spec)) + ": "
                        + Echo.of(String.valueOf(e.getMessage()), 200) + "; set SWITCHBOARD_HOME or pass --config FILE");
                return null;
            }
        }
        return new ConfigFile(path, new ConfigLoader(env(spec)));
    }

    /** The help text of every {@code --config} that defaults to the user's config. */
    static final String CONFIG_HELP = "Engine configuration (default: $SWITCHBOARD_HOME/config.yaml, SWITCHBOARD_HOME "
            + "being ~/.switchboard unless set; made from the bundled sample on first use).";

    /**
     * Prints {@code switchboard: COMMAND WHAT} on one line, e.g. {@code switchboard: bench ledger --threads 0: must be
     * between 1 and 256}.
     *
     * @return the exit code for bad input
     */
    static int refuse(CommandSpec spec, String what) {
        spec.commandLine().getErr().println(prefix(spec) + what);
        return 2;
    }

    /** {@code switchboard: } and the command as typed after {@code switchboard}: {@code replay}, {@code bench ledger}. */
    static String prefix(CommandSpec spec) {
        String q = spec.qualifiedName(" ");
        return q.startsWith("switchboard ") ? "switchboard: " + q.substring("switchboard ".length()) + " "
                : "switchboard: ";
    }

    /** An option and the value given, for messages: {@code --size 0x0}, the value cut short if long. */
    static String given(String option, Object value) {
        return option + " " + Echo.of(String.valueOf(value));
    }

    /** Why {@code file} cannot be read as an input file, or null when it can. */
    static String unreadable(Path file) {
        if (Files.isDirectory(file)) {
            return "is a directory, not a file";
        }
        if (!Files.exists(file)) {
            return "no such file";
        }
        if (!Files.isReadable(file)) {
            return "not readable (permission denied)";
        }
        return null;
    }

    /** Why {@code out} cannot be written (its directory must exist: none is created), or null when it can. */
    static String unwritable(Path out) {
        if (Files.isDirectory(out)) {
            return "is a directory, not a file";
        }
        Path parent = out.getParent();
        if (parent == null) {
            return null;
        }
        if (!Files.exists(parent)) {
            return "directory " + parent + " does not exist";
        }
        if (!Files.isDirectory(parent)) {
            return parent + " is not a directory";
        }
        if (!Files.isWritable(parent)) {
            return "directory " + parent + " is not writable";
        }
        if (Files.exists(out) && !Files.isWritable(out)) {
            return "not writable (permission denied)";
        }
        return null;
    }

    /** Refuses {@code option PATH} when it cannot be written; @return the exit code, or 0 when it can. */
    static int checkOut(CommandSpec spec, String option, Path out) {
        String why = unwritable(out);
        return why == null ? 0 : refuse(spec, option + " " + out + ": " + why);
    }

    /**
     * Reads the workload {@code option} names, printing every skipped line on stderr.
     *
     * @return the workload, or null after printing why the file cannot be read
     */
    static Workload readWorkload(CommandSpec spec, String option, Path file) {
        String why = unreadable(file);
        if (why != null) {
            refuse(spec, option + " " + file + ": " + why);
            return null;
        }
        Workload w;
        try {
            w = WorkloadReader.read(file);
        } catch (IOException e) {
            refuse(spec, option + " " + file + ": cannot read: " + Echo.of(String.valueOf(e.getMessage()), 200));
            return null;
        }
        PrintWriter err = spec.commandLine().getErr();
        for (var p : w.problems()) {
            err.println("switchboard: " + file + ": skipped " + p);
        }
        return w;
    }

    /**
     * Why replaying {@code w} at {@code speed} would take too long ({@link #MAX_TIMELINE}), naming the line whose
     * {@code at_ms} sets the span, or {@code --speed} when the workload is short but the speed is tiny; null if fine.
     */
    static String timelineProblem(Path file, Workload w, double speed) {
        double replayMs = w.spanMs() / speed;
        if (!(replayMs > MAX_TIMELINE.toMillis())) {
            return null;
        }
        String limit = "more than the " + MAX_TIMELINE.toDays() + "-day limit";
        if (w.spanMs() > MAX_TIMELINE.toMillis()) {
            WorkloadEntry last = w.latest();
            return String.format(Locale.ROOT, "%s line %d: at_ms %d is %s after the first request; at --speed %s the "
                            + "replay would take %s, %s: fix the line, raise --speed or use --max-rate", file,
                    last.lineNumber(), last.atMs(), about(w.spanMs()), number(speed), about(replayMs), limit);
        }
        return String.format(Locale.ROOT, "--speed %s: the workload's %s timeline would take %s to replay, %s",
                number(speed), about(w.spanMs()), about(replayMs), limit);
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** A span in the largest unit that reads well: {@code 31.7 years}, {@code 12 days}, {@code 3.5 h}, {@code 40 ms}. */
    static String about(double ms) {
        double s = ms / 1000;
        if (s >= 365.25 * 86_400) {
            return String.format(Locale.ROOT, "%.1f years", s / (365.25 * 86_400));
        }
        if (s >= 2 * 86_400) {
            return String.format(Locale.ROOT, "%.1f days", s / 86_400);
        }
        if (s >= 3_600) {
            return String.format(Locale.ROOT, "%.1f h", s / 3_600);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%.1f min", s / 60);
        }
        if (s >= 1) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        return String.format(Locale.ROOT, "%.0f ms", ms);
    }
}
