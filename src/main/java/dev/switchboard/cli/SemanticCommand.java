package dev.switchboard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.cache.semantic.AcceptanceRule;
import dev.switchboard.engine.cache.semantic.Calibration;
import dev.switchboard.engine.cache.semantic.Embedder;
import dev.switchboard.engine.cache.semantic.Embedders;
import dev.switchboard.engine.cache.semantic.SemanticSettings;
import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.engine.config.ProviderConfig;
import dev.switchboard.engine.config.ProviderKind;
import dev.switchboard.engine.error.Echo;
import dev.switchboard.engine.provider.openai.OpenAiEmbedder;
import dev.switchboard.replay.semantic.Pairs;
import dev.switchboard.replay.semantic.SemanticEval;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code switchboard semantic eval}: the semantic cache measured on labelled prompt pairs. */
@Command(name = "semantic", mixinStandardHelpOptions = true,
        description = "The semantic cache: measure it on labelled prompt pairs.",
        subcommands = {SemanticCommand.Eval.class})
final class SemanticCommand {
    private SemanticCommand() {
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Store every distinct 'a' of the pairs as a cached prompt, look up every 'b' with the "
                    + "engine's rules, and count true hits (answered by a text of its own duplicate group), false "
                    + "hits and misses.")
    static final class Eval implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--pairs", paramLabel = "FILE", required = true,
                description = "JSON Lines: {\"a\": \"...\", \"b\": \"...\", \"duplicate\": true|false} a line.")
        Path pairs;

        @Option(names = "--config", paramLabel = "FILE",
                description = "YAML whose 'semantic' section sets the rule (default: the shipped defaults). When "
                        + "that section names a provider, the file is read as a whole engine config and the "
                        + "provider's /embeddings endpoint embeds.")
        Path config;

        @Option(names = "--threshold", paramLabel = "X", description = "A fixed threshold on the margin-adjusted "
                + "similarity, instead of the calibrated one.")
        Double threshold;

        @Option(names = "--max-false-rate", paramLabel = "R", description = "The largest false-hit rate to accept; "
                + "the threshold is read off the model's calibration table.")
        Double maxFalseRate;

        @Option(names = "--model", paramLabel = "NAME", description = "Embedding model (default: the config's, "
                + "else " + Embedders.DEFAULT_MODEL + "); with the config's semantic.provider, the endpoint's model "
                + "id.")
        String model;

        @Option(names = "--json", description = "One JSON object (with --sweep, an array) on standard output.")
        boolean json;

        @Option(names = "--sweep", description = "Figures for thresholds from 0.80 to 1.00, the rule beside the "
                + "static cosine threshold.")
        boolean sweep;

        @Option(names = "--parts", description = "What each part of the rule (margin, each check) does to the "
                + "false-hit rate at a 35% true-hit rate.")
        boolean parts;

        @Option(names = "--calibrate", paramLabel = "FILE", description = "Write the rule's calibration table "
                + "(threshold -> observed false-hit rate) from these pairs to FILE.")
        Path calibrate;

        @Option(names = "--threads", paramLabel = "N", description = "Threads that embed (default: one per core).")
        Integer threads;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter out = spec.commandLine().getOut();
            if (threshold != null && maxFalseRate != null) {
                return Commands.refuse(spec, "--threshold and --max-false-rate: give one or the other");
            }
            if (threshold != null && !(threshold >= -1 && threshold <= 1)) {
                return Commands.refuse(spec, Commands.given("--threshold", threshold) + ": must be between -1 and 1");
            }
            if (maxFalseRate != null && !(maxFalseRate > 0 && maxFalseRate < 1)) {
                return Commands.refuse(spec, Commands.given("--max-false-rate", maxFalseRate)
                        + ": must be between 0 and 1 (exclusive)");
            }
            int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            if (nThreads < 1 || nThreads > 64) {
                return Commands.refuse(spec, Commands.given("--threads", threads) + ": must be between 1 and 64");
            }
            String why = Commands.unreadable(pairs);
            if (why != null) {
                return Commands.refuse(spec, "--pairs " + pairs + ": " + why);
            }
            if (calibrate != null && Commands.checkOut(spec, "--calibrate", calibrate) != 0) {
                return 2;
            }
            SemanticSettings settings = SemanticSettings.defaults();
            Map<String, ProviderConfig> providers = Map.of();
            if (config != null) {
                String cwhy = Commands.unreadable(config);
                if (cwhy != null) {
                    return Commands.refuse(spec, "--config " + config + ": " + cwhy);
                }
                try {
                    var file = new ConfigLoader(Commands.env(spec)).load(config);
                    settings = file.semantic();
                    providers = file.providers();
                } catch (ConfigException e) {
                    // The message names the file, the field and the reason.
                    return Commands.refuse(spec, Echo.of(e.getMessage(), 300));
                }
            }
            if (model != null) {
                if (settings.provider() == null && !Embedders.localModels().contains(model)) {
                    return Commands.refuse(spec, Commands.given("--model", model) + ": unknown model; known: "
                            + String.join(", ", Embedders.localModels()));
                }
                settings = settings.withModel(model);
            }
            if (threshold != null) {
                settings = settings.withThreshold(threshold);
            } else if (maxFalseRate != null) {
                settings = settings.withMaxFalseRate(maxFalseRate);
            }
            AcceptanceRule rule;
            try {
                rule = new AcceptanceRule(settings);
            } catch (IllegalArgumentException e) {
                return Commands.refuse(spec, Echo.of(e.getMessage(), 300));
            }
            ProviderConfig provider = null;
            if (settings.provider() != null) {
                // The file's loader checked the provider exists and is of kind openai; --model may not change that.
                provider = providers.get(settings.provider());
                if (provider == null) {
                    return Commands.refuse(spec, "--config " + config + ": semantic.provider: unknown provider '"
                            + settings.provider() + "'; known: " + (providers.isEmpty() ? "none"
                            : String.join(", ", providers.keySet())));
                }
                if (provider.kind() != ProviderKind.OPENAI) {
                    return Commands.refuse(spec, "--config " + config + ": semantic.provider: provider '"
                            + provider.name() + "' is of kind " + provider.kind().configName()
                            + "; embeddings need one of kind openai");
                }
            }

            Pairs read = Pairs.read(pairs);
            for (String p : read.problems()) {
                err.println("switchboard: " + pairs + ": skipped " + p);
            }
            if (read.pairs().isEmpty()) {
                return Commands.refuse(spec, "--pairs " + pairs + ": no usable pairs");
            }
            String prefix = Commands.prefix(spec).stripTrailing() + ": ";
            err.println(prefix + read.pairs().size() + " pairs; " + (provider == null ? "loading " + settings.model()
                    : "embedding through provider " + provider.name() + " (" + settings.model() + ")"));
            err.flush();
            SemanticEval.Prepared prepared;
            try (Embedder embedder = provider == null ? Embedders.local(settings.model())
                    : new OpenAiEmbedder(provider, settings.model())) {
                prepared = SemanticEval.prepare(read.pairs(), embedder, settings, nThreads, line -> {
                    err.println(prefix + line);
                    err.flush();
                });
            }
            SemanticEval.Result result = SemanticEval.evaluate(prepared, rule, describe(settings));
            ObjectMapper om = new ObjectMapper();
            if (sweep) {
                List<SemanticEval.Result> rows = new ArrayList<>();
                for (int k = 0; k <= 20; k++) {
                    double t = Math.round((0.80 + k * 0.01) * 100) / 100.0;
                    rows.add(SemanticEval.evaluate(prepared, new AcceptanceRule(SemanticEval.staticRule(settings, t)),
                            "static"));
                    rows.add(SemanticEval.evaluate(prepared, new AcceptanceRule(settings.withThreshold(t)), "rule"));
                }
                if (json) {
                    ArrayNode arr = om.createArrayNode();
                    for (SemanticEval.Result r : rows) {
                        arr.add(toJson(om, r, read.problems().size()));
                    }
                    out.println(om.writeValueAsString(arr));
                } else {
                    printSweep(out, rows);
                }
            } else if (json) {
                ObjectNode o = toJson(om, result, read.problems().size());
                if (parts) {
                    ArrayNode arr = o.putArray("parts");
                    for (SemanticEval.Point p : SemanticEval.parts(prepared, settings)) {
                        ObjectNode po = arr.addObject();
                        po.put("name", p.name());
                        po.put("threshold", p.threshold());
                        po.put("true_hit_rate", p.trueHitRate());
                        po.put("false_hit_rate", p.falseHitRate());
                        po.put("answered", p.answered());
                    }
                }
                out.println(om.writeValueAsString(o));
            } else {
                printResult(out, result, prepared, settings, read.problems().size());
                if (parts) {
                    out.printf(Locale.ROOT, "%nat a true-hit rate of %.0f%% (threshold chosen per line):%n",
                            SemanticEval.TARGET_TRUE_HIT * 100);
                    out.printf(Locale.ROOT, "  %-28s %9s %9s %9s%n", "rule", "threshold", "true-hit", "false-hit");
                    for (SemanticEval.Point p : SemanticEval.parts(prepared, settings)) {
                        out.printf(Locale.ROOT, "  %-28s %9.4f %8.1f%% %8.2f%%%n", p.name(), p.threshold(),
                                100 * p.trueHitRate(), 100 * p.falseHitRate());
                    }
                }
            }
            if (calibrate != null) {
                List<String> comments = List.of("semantic eval calibration: threshold -> false-hit rate observed "
                                + "among answered lookups at or above it (cumulative)",
                        "pairs " + pairs.getFileName() + " (" + read.pairs().size() + "), model "
                                + (settings.provider() == null ? settings.model() : settings.model() + " (provider "
                                + settings.provider() + ")")
                                + ", margin " + settings.margin() + ", margin_weight " + settings.marginWeight()
                                + ", near_copy " + settings.nearCopy() + ", floor " + settings.floor(),
                        "checks " + String.join(",", settings.orderedChecks()),
                        "columns: threshold, false_hit_rate, true_hit_rate, answered");
                Calibration c = SemanticEval.calibrate(prepared, settings, comments);
                try (Writer w = Files.newBufferedWriter(calibrate, StandardCharsets.UTF_8)) {
                    c.write(w);
                }
                err.println(prefix + "wrote calibration (" + c.rows() + " rows) to " + calibrate);
            }
            out.flush();
            err.flush();
            return 0;
        }

        private static String describe(SemanticSettings s) {
            String t = s.threshold() != null ? "threshold " + s.threshold() : "max_false_rate " + s.maxFalseRate();
            return "model " + s.model() + ", " + t + ", margin " + s.margin() + " x" + s.marginWeight() + ", checks "
                    + (s.checks().isEmpty() ? "none" : String.join(",", s.orderedChecks()));
        }

        private static ObjectNode toJson(ObjectMapper om, SemanticEval.Result r, int skipped) {
            ObjectNode o = om.createObjectNode();
            o.put("rule", r.rule());
            o.put("threshold", r.threshold());
            o.put("pairs", r.pairs());
            o.put("skipped_lines", skipped);
            o.put("duplicates", r.duplicates());
            counts(o, r.all());
            ObjectNode by = o.putObject("by_label");
            counts(by.putObject("duplicate"), r.duplicate());
            counts(by.putObject("not_duplicate"), r.notDuplicate());
            o.put("true_hit_rate", r.trueHitRate());
            o.put("false_hit_rate", r.falseHitRate());
            ObjectNode ref = o.putObject("refusals");
            r.refusals().forEach(ref::put);
            ObjectNode lat = o.putObject("latency_ms");
            ObjectNode e = lat.putObject("embed");
            e.put("p50", r.latency().embedP50());
            e.put("p99", r.latency().embedP99());
            ObjectNode l = lat.putObject("lookup");
            l.put("p50", r.latency().lookupP50());
            l.put("p99", r.latency().lookupP99());
            return o;
        }

        private static void counts(ObjectNode o, SemanticEval.Counts c) {
            o.put("hit_own", c.hitOwn());
            o.put("hit_other", c.hitOther());
            o.put("miss", c.miss());
        }

        private static void printResult(PrintWriter out, SemanticEval.Result r, SemanticEval.Prepared p,
                                        SemanticSettings s, int skipped) {
            out.printf(Locale.ROOT, "%d pairs (%d duplicates)%s, %d cached prompts (%s, ~%.1f MB)%n", r.pairs(),
                    r.duplicates(), skipped == 0 ? "" : ", " + skipped + " lines skipped", p.entries(),
                    p.indexed() ? "graph index" : "scanned", p.indexBytes() / 1e6);
            out.printf(Locale.ROOT, "rule: %s -> threshold %.4f%n", r.rule(), r.threshold());
            out.printf(Locale.ROOT, "true-hit rate %.1f%%, false-hit rate %.2f%% (%d of %d answered)%n",
                    100 * r.trueHitRate(), 100 * r.falseHitRate(), r.all().hitOther(), r.all().answered());
            out.printf(Locale.ROOT, "  %-14s %8s %9s %8s%n", "", "hit_own", "hit_other", "miss");
            row(out, "all", r.all());
            row(out, "duplicate", r.duplicate());
            row(out, "not_duplicate", r.notDuplicate());
            if (!r.refusals().isEmpty()) {
                StringBuilder b = new StringBuilder("refused: ");
                r.refusals().forEach((k, v) -> b.append(k).append(' ').append(v).append(", "));
                out.println(b.substring(0, b.length() - 2));
            }
            out.printf(Locale.ROOT, "latency (ms): embed p50 %.2f p99 %.2f; lookup p50 %.3f p99 %.3f%n",
                    r.latency().embedP50(), r.latency().embedP99(), r.latency().lookupP50(), r.latency().lookupP99());
        }

        private static void row(PrintWriter out, String name, SemanticEval.Counts c) {
            out.printf(Locale.ROOT, "  %-14s %8d %9d %8d%n", name, c.hitOwn(), c.hitOther(), c.miss());
        }

        private static void printSweep(PrintWriter out, List<SemanticEval.Result> rows) {
            out.printf(Locale.ROOT, "%9s  %-22s  %-22s%n", "", "static cosine", "rule");
            out.printf(Locale.ROOT, "%9s  %10s %11s  %10s %11s%n", "threshold", "true-hit", "false-hit", "true-hit",
                    "false-hit");
            for (int i = 0; i + 1 < rows.size(); i += 2) {
                SemanticEval.Result st = rows.get(i);
                SemanticEval.Result ru = rows.get(i + 1);
                out.printf(Locale.ROOT, "%9.2f  %9.1f%% %10.2f%%  %9.1f%% %10.2f%%%n", st.threshold(),
                        100 * st.trueHitRate(), 100 * st.falseHitRate(), 100 * ru.trueHitRate(),
                        100 * ru.falseHitRate());
            }
        }
    }
}
