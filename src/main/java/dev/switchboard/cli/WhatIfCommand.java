package dev.switchboard.cli;

import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.replay.ReplayOptions;
import dev.switchboard.replay.WhatIf;
import dev.switchboard.replay.WhatIfResult;
import dev.switchboard.workload.Workload;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard whatif}: a workload through two sandboxed engines, the current config and a proposed one, and
 * what differs. Never a provider call, never a write to the live tiers or the ledger.
 */
@Command(name = "whatif", mixinStandardHelpOptions = true,
        description = "Replay a workload through the current and a proposed config, both sandboxed on the "
                + "simulator, and compare them.")
final class WhatIfCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--workload", paramLabel = "FILE", required = true,
            description = "JSON Lines workload (a recording, or a generated one).")
    Path workload;

    @Option(names = "--config", paramLabel = "FILE", description = "The current settings. " + Commands.CONFIG_HELP)
    Path config;

    @Option(names = "--proposed", paramLabel = "FILE", required = true, description = "The draft config to try.")
    Path proposed;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + ReplayOptions.DEFAULT_CONCURRENCY,
            description = "Requests in flight per engine, as replay --max-rate (default: ${DEFAULT-VALUE}); 1 makes "
                    + "the run deterministic.")
    int concurrency;

    @Option(names = "--json", description = "Print one JSON object (both reports, the timeline, the differences).")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (concurrency < 1 || concurrency > ReplayOptions.MAX_CONCURRENCY) {
            return Commands.refuse(spec, Commands.given("--concurrency", concurrency) + ": must be between 1 and "
                    + ReplayOptions.MAX_CONCURRENCY);
        }
        String why = Commands.unreadable(proposed);
        if (why != null) {
            return Commands.refuse(spec, "--proposed " + proposed + ": " + why);
        }
        if (config != null && (why = Commands.unreadable(config)) != null) {
            return Commands.refuse(spec, "--config " + config + ": " + why);
        }
        Workload w = Commands.readWorkload(spec, "--workload", workload);
        if (w == null) {
            return 2;
        }
        if (w.entries().isEmpty()) {
            return Commands.refuse(spec, "--workload " + workload + ": has no usable lines");
        }
        ConfigFile file = Commands.configFile(spec, config);
        if (file == null) {
            return 2;
        }
        SwitchboardConfig now;
        SwitchboardConfig draft;
        try {
            now = file.load();
        } catch (ConfigException e) {
            return Commands.refuse(spec, "--config: " + e.getMessage());
        }
        try {
            draft = new ConfigLoader(Commands.env(spec)).load(proposed);
        } catch (ConfigException e) {
            return Commands.refuse(spec, "--proposed: " + e.getMessage());
        }
        WhatIf run = WhatIf.of(now, draft).concurrency(concurrency);
        Thread hook = new Thread(run::cancel, "sb-whatif-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        WhatIfResult r;
        try {
            r = run.run(w);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook cancelled the run, which has returned.
            }
        }
        out.println(json ? r.toJson() : r.toTable());
        out.flush();
        err.flush();
        return r.cancelled() ? 1 : 0;
    }
}
