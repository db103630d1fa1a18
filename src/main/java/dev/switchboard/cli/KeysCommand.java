package dev.switchboard.cli;

import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.error.Echo;
import dev.switchboard.engine.telemetry.audit.AuditLog;
import dev.switchboard.engine.telemetry.audit.AuditRecord;
import dev.switchboard.gateway.keys.CreatedKey;
import dev.switchboard.gateway.keys.GatewayKey;
import dev.switchboard.gateway.keys.KeyFields;
import dev.switchboard.gateway.keys.KeyStore;
import dev.switchboard.gateway.keys.KeyStoreUnavailableException;
import dev.switchboard.gateway.keys.KeyValidationException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard keys}: create, list and revoke the gateway's keys, kept in the cost ledger's database. A
 * secret is printed once, by {@code create}, alone on standard output (so {@code KEY=$(switchboard keys create
 * --owner ci)} captures it), with what was created and the warning on standard error.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Create, list and revoke the keys callers of the gateway authenticate with.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    /** The option each field of a key is given by, for messages. */
    private static final Map<String, String> OPTIONS = Map.of("owner", "--owner", "name", "--name", "plan", "--plan",
            "budget", "--budget-usd", "models", "--models", "key", "ID_OR_PREFIX");

    private KeysCommand() {
    }

    /** What every subcommand does: open the store on the config's ledger database, run, and report failures in one line. */
    abstract static class KeysWork implements Callable<Integer> {
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
                fail("gateway keys live in the cost ledger's database, and " + file.path()
                        + " has no ledger (ledger.enabled: false)");
                return 2;
            }
            try (KeyStore keys = KeyStore.open(cfg.ledger(), InstantSource.system())) {
                return run(keys, cfg);
            } catch (KeyValidationException e) {
                return Commands.refuse(spec, OPTIONS.getOrDefault(e.field(), e.field()) + ": " + e.reason());
            } catch (KeyStoreUnavailableException | IllegalArgumentException e) {
                fail(Echo.of(e.getMessage(), 300));
                return 1;
            } finally {
                spec.commandLine().getOut().flush();
                spec.commandLine().getErr().flush();
            }
        }

        abstract int run(KeyStore keys, SwitchboardConfig config);

        /**
         * Appends a key change to the audit trail in the same database, actor {@code cli keys ACTION}, the OS user in
         * the detail. Closing the log writes the record before the command exits; a failure is said, not fatal: the
         * key change itself has happened.
         */
        void audit(SwitchboardConfig cfg, String action, GatewayKey k) {
            if (!cfg.audit().enabled()) {
                return;
            }
            java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
            d.put("action", action);
            d.put("via", "cli");
            d.put("os_user", System.getProperty("user.name", "unknown"));
            d.putAll(k.auditFields());
            try (AuditLog log = AuditLog.open(cfg.ledger().url(), cfg.ledger().user(), cfg.ledger().password(),
                    cfg.audit(), InstantSource.system())) {
                log.append(AuditRecord.of(log.clock().millis(), AuditRecord.KEY, "cli keys " + action, k.id(), d));
                if (!log.flush(java.time.Duration.ofSeconds(15))) {
                    fail("warning: the audit record of this change could not be written (" + log.stats().reason()
                            + ")");
                }
            }
        }

        /** {@code switchboard: keys list: WHAT}, for what no option is at fault for. */
        void fail(String what) {
            spec.commandLine().getErr().println(Commands.prefix(spec).stripTrailing() + ": " + what);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a key and print its secret, once: only its hash is stored.")
    static final class Create extends KeysWork {
        @Option(names = "--owner", paramLabel = "USER", required = true,
                description = "Who the key belongs to: its requests are recorded and budgeted as this user.")
        String owner;

        @Option(names = "--name", paramLabel = "NAME", description = "What the key is for, e.g. ci-bot.")
        String name;

        @Option(names = "--plan", paramLabel = "PLAN", description = "The plan its requests run under "
                + "(limits.plans; default: the config's default plan).")
        String plan;

        @Option(names = "--budget-usd", paramLabel = "USD", description = "Spending limit per UTC month, in USD "
                + "(default: none).")
        String budget;

        @Option(names = "--models", paramLabel = "M1,M2", description = "The models it may use, comma-separated "
                + "(default: every model).")
        String models;

        @Override
        int run(KeyStore keys, SwitchboardConfig config) {
            Long micros = KeyFields.parseBudget(budget);
            Set<String> allowed = KeyFields.parseModels(models);
            PrintWriter err = spec.commandLine().getErr();
            CreatedKey created = keys.create(name, owner, plan, micros, allowed);
            for (String w : KeyFields.warnings(config, plan, allowed)) {
                err.println("switchboard: warning: " + w);
            }
            GatewayKey k = created.key();
            audit(config, "create", k);
            err.printf("created key %s (%s) for %s: %s%n", k.id(), k.prefix(), k.owner(), describe(k));
            err.flush();
            PrintWriter out = spec.commandLine().getOut();
            out.println(created.secret());
            out.flush();
            err.println("This secret will not be shown again: copy it now. Only its hash is stored; if it is lost, "
                    + "revoke the key (switchboard keys revoke " + k.prefix() + ") and create another.");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List every key, newest first, revoked ones included. Secrets are never shown.")
    static final class ListKeys extends KeysWork {
        @Override
        int run(KeyStore keys, SwitchboardConfig config) {
            List<GatewayKey> all = keys.list();
            PrintWriter out = spec.commandLine().getOut();
            if (all.isEmpty()) {
                out.println("No gateway keys yet. Create one: switchboard keys create --owner USER");
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"PREFIX", "ID", "NAME", "OWNER", "PLAN", "BUDGET/MO (USD)", "MODELS",
                    "CREATED (UTC)", "REVOKED (UTC)"});
            for (GatewayKey k : all) {
                rows.add(new String[] {k.prefix(), k.id(), orDash(k.name()), k.owner(), orDash(k.plan()),
                        KeyFields.formatBudget(k.budgetMicros()), KeyFields.formatModels(k.models()), time(k.createdAt()),
                        k.revokedAt() == null ? "-" : time(k.revokedAt())});
            }
            table(out, rows);
            long live = all.stream().filter(k -> !k.revoked()).count();
            out.printf("%d key%s, %d live%n", all.size(), all.size() == 1 ? "" : "s", live);
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a key: this process refuses it at once, running gateways within "
                    + "5 s (their cache).")
    static final class Revoke extends KeysWork {
        @Parameters(paramLabel = "ID_OR_PREFIX", description = "The key's id (gk_...) or prefix (sb-...), as "
                + "keys list shows them.")
        String ref;

        @Override
        int run(KeyStore keys, SwitchboardConfig config) {
            Optional<GatewayKey> found = keys.find(ref);
            if (found.isEmpty()) {
                return Commands.refuse(spec, Echo.of(ref, 40) + ": no key has this id or prefix (see switchboard "
                        + "keys list)");
            }
            GatewayKey k = found.get();
            PrintWriter out = spec.commandLine().getOut();
            if (k.revoked()) {
                out.printf("key %s (%s) of %s was already revoked at %s UTC%n", k.id(), k.prefix(), k.owner(),
                        time(k.revokedAt()));
                return 0;
            }
            keys.revoke(k.id());
            audit(config, "revoke", k);
            out.printf("revoked key %s (%s) of %s; running gateways refuse it within %d s%n", k.id(), k.prefix(),
                    k.owner(), KeyStore.CACHE_TTL.toSeconds());
            return 0;
        }
    }

    /** {@code name ci-bot, plan pro, budget 25.00 USD a month, models gpt-4o,gpt-4o-mini}. */
    static String describe(GatewayKey k) {
        return "name " + orDash(k.name()) + ", plan " + (k.plan() == null ? "default" : k.plan()) + ", budget "
                + (k.budgetMicros() == null ? "none" : KeyFields.formatBudget(k.budgetMicros()) + " USD a month")
                + ", models " + KeyFields.formatModels(k.models());
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private static String time(Instant t) {
        return TIME.format(t);
    }

    /** Columns padded to their widest cell, two spaces apart; the last column unpadded. */
    static void table(PrintWriter out, List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
