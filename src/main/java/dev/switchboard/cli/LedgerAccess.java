package dev.switchboard.cli;

import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.cost.Ledger;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Opens the ledger a config names, for commands that read it without running an engine. Opening it writes any
 * journal a stopped process left behind, so a report after a crash counts every answered request.
 */
final class LedgerAccess {
    private LedgerAccess() {
    }

    /** @return the open ledger, or null after printing why it cannot be used */
    static Ledger open(CommandSpec spec, Path config) {
        PrintWriter err = spec.commandLine().getErr();
        ConfigFile file = Commands.configFile(spec, config);
        if (file == null) {
            return null;
        }
        SwitchboardConfig cfg;
        try {
            cfg = file.load();
        } catch (ConfigException e) {
            err.println("switchboard: config error: " + e.getMessage());
            return null;
        }
        if (!cfg.ledger().enabled()) {
            err.println("switchboard: " + file.path() + " has no cost ledger (ledger.enabled: false)");
            return null;
        }
        Ledger ledger = Ledger.open(cfg.ledger(), cfg::budgets, InstantSource.system());
        if (!ledger.flush(Duration.ofSeconds(60))) {
            err.println("switchboard: warning: the ledger database is not taking writes ("
                    + ledger.snapshot().reason() + "); journaled records are not in this report yet");
        } else if (ledger.snapshot().recovered() > 0) {
            err.printf("switchboard: wrote %,d record(s) left in the journal by a process that stopped%n",
                    ledger.snapshot().recovered());
        }
        return ledger;
    }
}
