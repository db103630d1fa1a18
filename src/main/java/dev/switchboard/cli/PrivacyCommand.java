package dev.switchboard.cli;

import dev.switchboard.engine.cost.Ledger;
import dev.switchboard.report.CsvExport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code switchboard privacy}: export or delete every ledger record of one user. */
@Command(name = "privacy", mixinStandardHelpOptions = true,
        description = "Export or delete every cost-ledger record of one user.",
        subcommands = {PrivacyCommand.Export.class, PrivacyCommand.Delete.class})
final class PrivacyCommand {
    private PrivacyCommand() {
    }

    /** The options both subcommands take. */
    abstract static class UserCommand {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", description = Commands.CONFIG_HELP)
        Path config;

        @Option(names = "--user", paramLabel = "NAME", required = true, description = "The user, as requests name them.")
        String user;
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write every ledger record of the user to a CSV file.")
    static final class Export extends UserCommand implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "FILE", required = true, description = "The CSV file to write.")
        Path out;

        @Override
        public Integer call() throws IOException, SQLException {
            PrintWriter err = spec.commandLine().getErr();
            if (Commands.checkOut(spec, "--out", out) != 0) {
                return 2;
            }
            Ledger ledger = LedgerAccess.open(spec, config);
            if (ledger == null) {
                return 2;
            }
            try (ledger; Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
                 CsvExport csv = CsvExport.to(w)) {
                long n = ledger.queries().exportUser(user, csv::write);
                err.printf("exported %,d record(s) of user %s to %s%n", n, user, out);
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete every ledger record of the user (spend stays in the totals for all traffic).")
    static final class Delete extends UserCommand implements Callable<Integer> {
        @Option(names = "--yes", description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        public Integer call() throws IOException, SQLException {
            PrintWriter err = spec.commandLine().getErr();
            if (!yes) {
                err.printf("Delete every ledger record of user '%s'? This cannot be undone. Type the user name to "
                        + "confirm: ", user);
                err.flush();
                String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (answer == null || !answer.strip().equals(user)) {
                    err.println("not confirmed; nothing deleted");
                    return 1;
                }
            }
            Ledger ledger = LedgerAccess.open(spec, config);
            if (ledger == null) {
                return 2;
            }
            try (ledger) {
                long n = ledger.queries().deleteUser(user);
                err.printf("deleted %,d record(s) of user %s%n", n, user);
            }
            return 0;
        }
    }
}
