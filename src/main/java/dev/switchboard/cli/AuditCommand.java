package dev.switchboard.cli;

import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.engine.config.Durations;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.error.Echo;
import dev.switchboard.engine.telemetry.audit.AuditStore;
import dev.switchboard.engine.telemetry.audit.Verification;
import dev.switchboard.store.Database;
import dev.switchboard.store.Failures;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard audit}: check the audit trail's hash chain, export a period as JSON Lines, purge past the
 * retention. The trail lives in the cost ledger's database.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "The audit trail: verify its hash chain, export a period, purge old records.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class, AuditCommand.Purge.class})
final class AuditCommand {
    private AuditCommand() {
    }

    /** Opens the config's ledger database, migrated, for every subcommand; failures are one line. */
    abstract static class AuditWork implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", description = Commands.CONFIG_HELP)
        Path config;

        @Override
        public final Integer call() {
            ConfigFile file = Commands.configFile(spec, config);
            if (file == null) {
                return 2;
            }
            SwitchboardConfig cfg;
            try {
                cfg = file.load();
            } catch (ConfigException e) {
                spec.commandLine().getErr().println("switchboard: config error: " + e.getMessage());
                return 2;
            }
            if (!cfg.ledger().enabled()) {
                fail("the audit trail lives in the cost ledger's database, and " + file.path()
                        + " has no ledger (ledger.enabled: false)");
                return 2;
            }
            int early = check(cfg);
            if (early != 0) {
                return early;
            }
            try (Database db = Database.open(cfg.ledger().url(), cfg.ledger().user(), cfg.ledger().password(),
                    Duration.ofSeconds(5), 1)) {
                db.ensureReady();
                return run(new AuditStore(db), cfg);
            } catch (SQLException | IOException | IllegalArgumentException e) {
                fail(Echo.of(Failures.oneLine(e), 300));
                return 1;
            } finally {
                spec.commandLine().getOut().flush();
                spec.commandLine().getErr().flush();
            }
        }

        /** Checks the options before the database is opened; @return 0, or the exit code for bad input. */
        int check(SwitchboardConfig cfg) {
            return 0;
        }

        abstract int run(AuditStore store, SwitchboardConfig cfg) throws SQLException, IOException;

        void fail(String what) {
            spec.commandLine().getErr().println(Commands.prefix(spec).stripTrailing() + ": " + what);
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Walk the hash chain from its start (or the last purge's anchor). Prints OK with the count "
                    + "(and, on standard error, the last record's id and hash: keep it elsewhere, since records cut "
                    + "off the end leave no gap), or the first record that does not fit and why; exit code 0 or 1.")
    static final class Verify extends AuditWork {
        @Override
        int run(AuditStore store, SwitchboardConfig cfg) throws SQLException {
            Verification v = store.verify();
            PrintWriter out = spec.commandLine().getOut();
            String from = v.anchorId() > 0 ? " after the anchor at record " + v.anchorId() : "";
            if (v.ok()) {
                out.printf("OK: %,d record(s) verified%s%n", v.checked(), from);
                // The chain cannot show that its newest records were cut off: keep this line somewhere else to compare.
                AuditStore.Tail tail = store.tail();
                spec.commandLine().getErr().printf("last record %d, hash %s%n", tail.id(), tail.hash());
                return 0;
            }
            out.printf("BROKEN at record %d: %s (%,d record(s) checked%s)%n", v.brokenId(), v.reason(), v.checked(),
                    from);
            return 1;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the records of a period as JSON Lines, in chain order, hashes included.")
    static final class Export extends AuditWork {
        @Option(names = "--from", paramLabel = "DATE", required = true,
                description = "First day (UTC, e.g. 2026-11-01) or instant (2026-11-01T12:00:00Z).")
        String from;

        @Option(names = "--to", paramLabel = "DATE", required = true,
                description = "Last day (UTC, included) or end instant (excluded).")
        String to;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write; '-' for "
                + "standard output.")
        Path out;

        private Instant start;
        private Instant end;

        @Override
        int check(SwitchboardConfig cfg) {
            try {
                start = when(from, false);
            } catch (DateTimeParseException e) {
                return Commands.refuse(spec, "--from: expected a date like 2026-11-23 or an instant like "
                        + "2026-11-23T14:00:00Z, got '" + Echo.of(from, 40) + "'");
            }
            try {
                end = when(to, true);
            } catch (DateTimeParseException e) {
                return Commands.refuse(spec, "--to: expected a date like 2026-11-23 or an instant like "
                        + "2026-11-23T14:00:00Z, got '" + Echo.of(to, 40) + "'");
            }
            if (!end.isAfter(start)) {
                return Commands.refuse(spec, "--to (" + Echo.of(to, 40) + ") must not be before --from ("
                        + Echo.of(from, 40) + ")");
            }
            return "-".equals(out.toString()) ? 0 : Commands.checkOut(spec, "--out", out);
        }

        @Override
        int run(AuditStore store, SwitchboardConfig cfg) throws SQLException, IOException {
            long n;
            if ("-".equals(out.toString())) {
                PrintWriter w = spec.commandLine().getOut();
                n = store.export(start.toEpochMilli(), end.toEpochMilli(), w);
                w.flush();
            } else {
                try (Writer w = new BufferedWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
                    n = store.export(start.toEpochMilli(), end.toEpochMilli(), w);
                }
            }
            spec.commandLine().getErr().printf("exported %,d audit record(s) from %s to %s%s%n", n, start, end,
                    "-".equals(out.toString()) ? "" : " to " + out);
            return 0;
        }

        /** A day (its start, or for an end the start of the next) or an exact instant. */
        private static Instant when(String text, boolean isEnd) {
            if (text.length() == 10) {
                LocalDate d = LocalDate.parse(text);
                return (isEnd ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(text);
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = "Delete records older than the retention (audit.retention, or --older-than), keeping the "
                    + "last one's hash as the anchor verify starts from. The engine does this hourly by itself.")
    static final class Purge extends AuditWork {
        @Option(names = "--older-than", paramLabel = "AGE", description = "e.g. 90d (default: audit.retention).")
        String olderThan;

        private Duration age;

        @Override
        int check(SwitchboardConfig cfg) {
            if (olderThan == null) {
                age = cfg.audit().retention();
                if (age == null) {
                    return Commands.refuse(spec, "--older-than: required, since the config keeps audit records "
                            + "forever (no audit.retention)");
                }
                return 0;
            }
            try {
                age = Durations.parse(olderThan);
            } catch (IllegalArgumentException e) {
                return Commands.refuse(spec, "--older-than: " + e.getMessage());
            }
            if (age.isNegative() || age.isZero()) {
                return Commands.refuse(spec, "--older-than: must be positive, got " + Echo.of(olderThan, 40));
            }
            return 0;
        }

        @Override
        int run(AuditStore store, SwitchboardConfig cfg) throws SQLException {
            long now = System.currentTimeMillis();
            long n = store.purge(now - age.toMillis(), now);
            spec.commandLine().getOut().printf("purged %,d audit record(s) older than %s%n", n, Durations.format(age));
            return 0;
        }
    }
}
