package dev.switchboard.cli;

import dev.switchboard.engine.error.Echo;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code switchboard} command line. */
@Command(name = "switchboard", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Operations console and orchestration engine for LLM traffic.",
        subcommands = {ConsoleCommand.class, ServeCommand.class, ReplayCommand.class, ReportCommand.class,
                PrivacyCommand.class, WorkloadCommand.class, ScreenshotCommand.class,
                BenchCommand.class, KeysCommand.class, SemanticCommand.class, GuardCommand.class, AuditCommand.class,
                RouteCommand.class, RecordCommand.class, WhatIfCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where environment variables are read: SWITCHBOARD_HOME and the config's ${NAME} references. */
    final Function<String, String> env;

    Main(Function<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return commandLine(System::getenv);
    }

    static CommandLine commandLine(Function<String, String> env) {
        CommandLine cl = new CommandLine(new Main(env));
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            // A readable line, not a stack trace; the log has the details.
            String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            line.getErr().println(line.getColorScheme().errorText("switchboard: " + Echo.of(message, 300)));
            return 1;
        });
        // Bad options: one line naming the command and what is wrong, not the whole usage text.
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine line = ex.getCommandLine();
            line.getErr().println(line.getColorScheme().errorText(Commands.prefix(line.getCommandSpec())
                    + Echo.of(ex.getMessage(), 300) + " (see --help)"));
            return line.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cl;
    }

    @CommandLine.Option(names = "--config", paramLabel = "FILE",
            description = "Configuration for the console when no command is given (default: "
                    + "$SWITCHBOARD_HOME/config.yaml, made from the bundled sample on first use).")
    java.nio.file.Path config;

    /** No command: open the console, as a desktop app does when double-clicked. */
    @Override
    public Integer call() {
        return ConsoleCommand.open(spec, config);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"switchboard " + (v == null ? "(development build)" : v),
                    "Java " + Runtime.version()};
        }
    }
}
