package dev.switchboard.cli;

import dev.switchboard.engine.config.Durations;
import dev.switchboard.workload.GeneratorSpec;
import dev.switchboard.workload.WorkloadEntry;
import dev.switchboard.workload.WorkloadGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard workload ...}: tools for workload files. */
@Command(name = "workload", mixinStandardHelpOptions = true, description = "Make workload files.",
        subcommands = {WorkloadCommand.Generate.class})
final class WorkloadCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Generate a synthetic workload (Zipf popularity, paraphrases, users and plans, models) "
                    + "in the shared JSON Lines format.")
    static final class Generate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the workload.")
        Path out;

        @Option(names = "--requests", defaultValue = "3000", description = "Requests (default: ${DEFAULT-VALUE}).")
        int requests;

        @Option(names = "--duration", defaultValue = "60s",
                description = "Span of the workload, e.g. 60s or 10m (default: ${DEFAULT-VALUE}).")
        String duration;

        @Option(names = "--rate", paramLabel = "RPS",
                description = "Requests per second; sets the duration from --requests instead of --duration.")
        Double rate;

        @Option(names = "--intents", defaultValue = "200",
                description = "Distinct things asked (default: ${DEFAULT-VALUE}).")
        int intents;

        @Option(names = "--zipf", defaultValue = "1.1",
                description = "Zipf exponent of intent popularity; 0 is uniform (default: ${DEFAULT-VALUE}).")
        double zipf;

        @Option(names = "--paraphrase", defaultValue = "0.2",
                description = "Share of requests worded differently from their intent's usual phrasing "
                        + "(default: ${DEFAULT-VALUE}).")
        double paraphrase;

        @Option(names = "--users", defaultValue = "100", description = "Distinct users (default: ${DEFAULT-VALUE}).")
        int users;

        @Option(names = "--plans", defaultValue = "free=0.5,pro=0.3,expert=0.15,master=0.05",
                description = "Plan weights among users (default: ${DEFAULT-VALUE}).")
        String plans;

        @Option(names = "--models", defaultValue = "gpt-4o-mini=0.6,gpt-4o=0.25,claude-3-5-haiku=0.15",
                description = "Model weights among users (default: ${DEFAULT-VALUE}).")
        String models;

        @Option(names = "--system", defaultValue = "You are a helpful assistant.", description = "System prompt.")
        String system;

        @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--distinct", description = "Make every prompt new (a burst of cache misses).")
        boolean distinct;

        @Option(names = "--schema", paramLabel = "SHARE", arity = "0..1", fallbackValue = "0.25", defaultValue = "0",
                description = "Share of requests asking for structured output (a response_format json_schema: "
                        + "product, sentiment, contact or invoice); --schema alone means 0.25 (default: none).")
        double schemaShare;

        @Option(names = "--tasks", paramLabel = "SHARE", arity = "0..1", fallbackValue = "1.0", defaultValue = "0",
                description = "Share of requests (of those without a schema) that are task prompts labelled with a "
                        + "task class and complexity, for routing; --tasks alone means 1.0 (default: none).")
        double taskShare;

        @Override
        public Integer call() throws IOException {
            if (Commands.checkOut(spec, "--out", out) != 0) {
                return 2;
            }
            GeneratorSpec gs;
            try {
                Duration span = rate != null ? spanFromRate() : Durations.parse(duration);
                gs = new GeneratorSpec(requests, span, intents, zipf, paraphrase, users,
                        GeneratorSpec.parseWeights("--plans", plans), GeneratorSpec.parseWeights("--models", models),
                        system, seed, distinct, schemaShare, taskShare);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("switchboard: " + e.getMessage());
                return 2;
            }
            List<WorkloadEntry> entries = WorkloadGenerator.generate(gs);
            try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                WorkloadGenerator.write(entries, w);
            }
            spec.commandLine().getOut().printf("wrote %,d requests over %s (%d intents, %d users) to %s%n",
                    entries.size(), Durations.format(gs.duration()), intents, users, out);
            return 0;
        }

        private Duration spanFromRate() {
            if (!(rate > 0)) {
                throw new IllegalArgumentException("--rate: must be positive, got " + rate);
            }
            return Duration.ofMillis(Math.max(1, Math.round(requests / rate * 1000)));
        }
    }
}
