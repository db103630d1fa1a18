package dev.switchboard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.route.Route;
import dev.switchboard.engine.routing.Router;
import dev.switchboard.engine.route.TableRoute;
import dev.switchboard.engine.route.VoteRoute;
import dev.switchboard.replay.RouteSweep;
import dev.switchboard.workload.Workload;
import dev.switchboard.workload.WorkloadEntry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard route}: routing's figures from a workload, scored by the simulator's quality model. Each
 * target is replayed on an engine of its own with caches, the ledger and simulated latency off
 * ({@link RouteSweep#quiet}), so the figures of one run compare.
 */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = "Routing's cost against accuracy, measured by replaying a workload.",
        subcommands = {RouteCommand.Eval.class, RouteCommand.Sweep.class, RouteCommand.Votes.class,
                RouteCommand.Bench.class})
final class RouteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** The config and the workload every subcommand reads. */
    abstract static class Inputs {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", description = Commands.CONFIG_HELP)
        Path config;

        @Option(names = "--workload", paramLabel = "FILE", required = true,
                description = "JSON Lines workload (`workload generate --tasks` makes a mixed-task one).")
        Path workload;

        @Option(names = "--json", description = "One JSON document on standard output.")
        boolean json;

        SwitchboardConfig cfg;
        Workload w;

        /** @return 0, or the exit code after saying what is wrong */
        int read() {
            ConfigFile f = Commands.configFile(spec, config);
            if (f == null) {
                return 2;
            }
            try {
                cfg = f.load();
            } catch (ConfigException e) {
                return Commands.refuse(spec, "config error: " + e.getMessage());
            }
            w = Commands.readWorkload(spec, "--workload", workload);
            if (w == null) {
                return 2;
            }
            if (w.entries().isEmpty()) {
                return Commands.refuse(spec, "--workload " + workload + ": no usable lines");
            }
            return 0;
        }

        void progress(String what, double p) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "\r%s %3.0f%%", what, p * 100);
            if (p >= 1) {
                err.println();
            }
            err.flush();
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Each target (a model or a route) asked every request of the workload: cost, accuracy, "
                    + "calls, answers per model, against the premium model.")
    static final class Eval extends Inputs implements Callable<Integer> {
        @Option(names = "--targets", paramLabel = "A,B,...", split = ",",
                description = "Models and routes to compare (default: the premium model, then every route).")
        List<String> targets;

        @Override
        public Integer call() {
            int rc = read();
            if (rc != 0) {
                return rc;
            }
            List<String> ts = targets;
            if (ts == null || ts.isEmpty()) {
                ts = new ArrayList<>();
                String premium = RouteSweep.premium(cfg);
                if (premium != null) {
                    ts.add(premium);
                }
                ts.addAll(cfg.routing().routes().keySet());
            }
            for (String t : ts) {
                if (!cfg.models().containsKey(t) && cfg.routing().route(t) == null) {
                    return Commands.refuse(spec, Commands.given("--targets", t) + ": neither a model nor a route; "
                            + "models: " + cfg.models().keySet() + ", routes: " + cfg.routing().routes().keySet());
                }
            }
            List<RouteSweep.Outcome> rows = new ArrayList<>();
            for (String t : ts) {
                rows.add(RouteSweep.run(cfg, w, t, p -> progress(t, p), () -> false));
            }
            RouteSweep.Outcome base = rows.get(0);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectMapper om = new ObjectMapper();
                ArrayNode arr = om.createArrayNode();
                for (RouteSweep.Outcome o : rows) {
                    ObjectNode n = arr.addObject().put("target", o.target()).put("requests", o.requests())
                            .put("failed", o.failed()).put("scored", o.scored()).put("accuracy", o.accuracy())
                            .put("cost_usd", o.costUsd()).put("cost_vs_first", o.costUsd() / base.costUsd())
                            .put("accuracy_vs_first_points", 100 * (o.accuracy() - base.accuracy()))
                            .put("calls", o.calls()).put("cheap_stage_share", o.cheapShare())
                            .put("cost_per_week_usd", o.costPerWeekUsd());
                    ObjectNode m = n.putObject("answers_by_model");
                    o.byModel().forEach(m::put);
                }
                out.println(arr.toPrettyString());
            } else {
                out.printf(Locale.ROOT, "%-16s %8s %9s %11s %8s %7s %8s  %s%n", "target", "requests", "accuracy",
                        "cost", "vs first", "calls", "cheap", "answers by model");
                for (RouteSweep.Outcome o : rows) {
                    out.printf(Locale.ROOT, "%-16s %8d %8.1f%% %11s %7.1f%% %7d %7.1f%%  %s%n", o.target(),
                            o.requests(), 100 * o.accuracy(), String.format(Locale.ROOT, "$%.4f", o.costUsd()),
                            100 * o.costUsd() / base.costUsd(), o.calls(), 100 * o.cheapShare(), o.byModel());
                }
            }
            return 0;
        }
    }

    @Command(name = "sweep", mixinStandardHelpOptions = true,
            description = "A cascade's threshold curve: for each threshold, the share its cheap stage answers, the "
                    + "accuracy and the cost (per week at the workload's rate), beside the premium model's.")
    static final class Sweep extends Inputs implements Callable<Integer> {
        @Option(names = "--route", paramLabel = "NAME", required = true,
                description = "A cascade, or a table that names one (its whole table is replayed).")
        String route;

        @Option(names = "--thresholds", paramLabel = "T,T,...", split = ",",
                description = "Thresholds to try (default: 0.50 to 0.95 by 0.05).")
        List<Double> thresholds;

        @Override
        public Integer call() {
            int rc = read();
            if (rc != 0) {
                return rc;
            }
            try {
                RouteSweep.cascadeOf(cfg, route);
            } catch (IllegalArgumentException e) {
                return Commands.refuse(spec, "--route " + e.getMessage().substring("route: ".length()));
            }
            double[] ts = thresholds == null || thresholds.isEmpty()
                    ? new double[] {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95}
                    : thresholds.stream().mapToDouble(Double::doubleValue).toArray();
            for (double t : ts) {
                if (!(t >= 0 && t <= 1)) {
                    return Commands.refuse(spec, Commands.given("--thresholds", t) + ": must be between 0 and 1");
                }
            }
            String premium = RouteSweep.premium(cfg);
            RouteSweep.Outcome base = RouteSweep.run(cfg, w, premium, p -> progress(premium, p), () -> false);
            List<RouteSweep.Row> rows = RouteSweep.curve(cfg, w, route, ts, p -> progress(route, p), () -> false);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectMapper om = new ObjectMapper();
                ObjectNode root = om.createObjectNode().put("route", route).put("premium", premium)
                        .put("premium_accuracy", base.accuracy()).put("premium_cost_usd", base.costUsd())
                        .put("requests", w.entries().size());
                ArrayNode arr = root.putArray("curve");
                for (RouteSweep.Row r : rows) {
                    arr.addObject().put("threshold", r.threshold()).put("cheap_share", r.cheapShare())
                            .put("accuracy", r.accuracy()).put("cost_usd", r.costUsd())
                            .put("cost_vs_premium", r.costUsd() / base.costUsd())
                            .put("accuracy_vs_premium_points", 100 * (r.accuracy() - base.accuracy()))
                            .put("cost_per_week_usd", r.costPerWeekUsd());
                }
                out.println(root.toPrettyString());
            } else {
                out.printf(Locale.ROOT, "%s: %d requests; premium %s: accuracy %.1f%%, cost $%.4f%n", route,
                        w.entries().size(), premium, 100 * base.accuracy(), base.costUsd());
                out.printf(Locale.ROOT, "%9s %8s %9s %8s %10s %12s %14s%n", "threshold", "cheap", "accuracy",
                        "vs prem", "cost", "vs premium", "cost per week");
                for (RouteSweep.Row r : rows) {
                    out.printf(Locale.ROOT, "%9.2f %7.1f%% %8.1f%% %+7.1fpt %10s %11.1f%% %14s%n", r.threshold(),
                            100 * r.cheapShare(), 100 * r.accuracy(), 100 * (r.accuracy() - base.accuracy()),
                            String.format(Locale.ROOT, "$%.4f", r.costUsd()), 100 * r.costUsd() / base.costUsd(),
                            Double.isNaN(r.costPerWeekUsd()) ? "-"
                                    : String.format(Locale.ROOT, "$%.2f", r.costPerWeekUsd()));
                }
            }
            return 0;
        }
    }

    @Command(name = "votes", mixinStandardHelpOptions = true,
            description = "A vote route with early termination against the same route asking every voter: cost, "
                    + "and the share of requests decided the same.")
    static final class Votes extends Inputs implements Callable<Integer> {
        @Option(names = "--route", paramLabel = "NAME", required = true, description = "A vote route.")
        String route;

        @Override
        public Integer call() {
            int rc = read();
            if (rc != 0) {
                return rc;
            }
            if (!(cfg.routing().route(route) instanceof VoteRoute v)) {
                return Commands.refuse(spec, Commands.given("--route", route) + ": not a vote route; votes: "
                        + cfg.routing().routes().values().stream().filter(x -> x instanceof VoteRoute)
                        .map(Route::name).toList());
            }
            if (v.field() != null) {
                // Only the lines whose schema has the field can be voted on; the others would all be "first answer
                // stands" after every voter in both runs.
                List<WorkloadEntry> votable = w.entries().stream().filter(e -> hasField(e, v.field())).toList();
                if (votable.isEmpty()) {
                    return Commands.refuse(spec, "--workload " + workload + ": no line's response_format has the "
                            + "field '" + v.field() + "' to vote on");
                }
                if (votable.size() < w.entries().size()) {
                    spec.commandLine().getErr().println(Commands.prefix(spec) + (w.entries().size() - votable.size())
                            + " lines without the field '" + v.field() + "' in their schema left out; "
                            + votable.size() + " voted on");
                }
                w = new Workload(w.source(), votable, List.of());
            }
            SwitchboardConfig early = cfg.withRouting(cfg.routing().with(v.withEarlyStop(true)));
            SwitchboardConfig all = cfg.withRouting(cfg.routing().with(v.withEarlyStop(false)));
            RouteSweep.Outcome e = RouteSweep.run(early, w, route, p -> progress("early stop", p), () -> false);
            RouteSweep.Outcome a = RouteSweep.run(all, w, route, p -> progress("all voters", p), () -> false);
            int same = 0;
            int both = 0;
            for (int i = 0; i < e.answers().size(); i++) {
                String x = e.answers().get(i);
                String y = a.answers().get(i);
                if (x != null && y != null) {
                    both++;
                    if (x.equals(y)) {
                        same++;
                    }
                }
            }
            double sameShare = both == 0 ? Double.NaN : (double) same / both;
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode n = new ObjectMapper().createObjectNode().put("route", route)
                        .put("voters", v.voters().size()).put("requests", w.entries().size())
                        .put("calls_early", e.calls()).put("calls_all", a.calls())
                        .put("cost_early_usd", e.costUsd()).put("cost_all_usd", a.costUsd())
                        .put("cost_ratio", e.costUsd() / a.costUsd()).put("same_decision", sameShare)
                        .put("accuracy_early", e.accuracy()).put("accuracy_all", a.accuracy());
                out.println(n.toPrettyString());
            } else {
                out.printf(Locale.ROOT, "%s: %d requests, %d voters%n", route, w.entries().size(), v.voters().size());
                out.printf(Locale.ROOT, "early stop: %d calls (%.2f a request), $%.4f, accuracy %.1f%%%n", e.calls(),
                        (double) e.calls() / w.entries().size(), e.costUsd(), 100 * e.accuracy());
                out.printf(Locale.ROOT, "all voters: %d calls (%.2f a request), $%.4f, accuracy %.1f%%%n", a.calls(),
                        (double) a.calls() / w.entries().size(), a.costUsd(), 100 * a.accuracy());
                out.printf(Locale.ROOT, "cost ratio %.1f%%; same decision on %.2f%% of %d requests%n",
                        100 * e.costUsd() / a.costUsd(), 100 * sameShare, both);
            }
            return 0;
        }
    }

    /** Whether the line's JSON Schema has a property named {@code field}. */
    static boolean hasField(WorkloadEntry e, String field) {
        var rf = e.responseFormat();
        var props = rf == null ? null : rf.path("json_schema").path("schema").path("properties");
        return props != null && props.has(field);
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "What a table route's decision costs per request (classification, the cell, ceilings, "
                    + "budget and health), measured on the workload's prompts in this JVM.")
    static final class Bench extends Inputs implements Callable<Integer> {
        @Option(names = "--route", paramLabel = "NAME", required = true, description = "A table route.")
        String route;

        @Option(names = "--rounds", paramLabel = "N", description = "Passes over the prompts (default: 20; the "
                + "first 5 warm the JIT and are not counted).")
        int rounds = 20;

        @Option(names = "--embeddings", description = "Also the nearest class centroid on every prompt (as if the "
                + "rules found no cue in any), its embedding computed beforehand by the default local model: the "
                + "semantic cache's, which the router reuses.")
        boolean embeddings;

        @Override
        public Integer call() {
            int rc = read();
            if (rc != 0) {
                return rc;
            }
            if (!(cfg.routing().route(route) instanceof TableRoute t)) {
                return Commands.refuse(spec, Commands.given("--route", route) + ": not a table route");
            }
            if (rounds < 6 || rounds > 10_000) {
                return Commands.refuse(spec, Commands.given("--rounds", rounds) + ": must be between 6 and 10000");
            }
            List<ChatRequest> reqs = new ArrayList<>();
            for (WorkloadEntry e : w.entries()) {
                reqs.add(ChatRequest.builder().model(route).system(e.system()).prompt(e.prompt()).user(e.user())
                        .maxTokens(e.maxTokens()).build());
            }
            SwitchboardConfig c = cfg;
            Router router = new Router();
            java.util.Map<String, float[]> vectors = new java.util.HashMap<>();
            dev.switchboard.engine.routing.CentroidClassifier centroids = null;
            if (embeddings) {
                PrintWriter err = spec.commandLine().getErr();
                err.println(Commands.prefix(spec) + "embedding " + reqs.size() + " prompts with "
                        + dev.switchboard.engine.cache.semantic.Embedders.DEFAULT_MODEL);
                err.flush();
                try (var e = dev.switchboard.engine.cache.semantic.Embedders.local(
                        dev.switchboard.engine.cache.semantic.Embedders.DEFAULT_MODEL)) {
                    centroids = dev.switchboard.engine.routing.CentroidClassifier.build(e.id(),
                            dev.switchboard.engine.routing.CentroidClassifier.examples(), e::embed);
                    for (ChatRequest r : reqs) {
                        vectors.computeIfAbsent(r.messages().get(0).content(), e::embed);
                    }
                }
                var cs = centroids;
                router = new Router(r -> cs.nearest(vectors.get(r.messages().get(0).content())));
                c = cfg.withRouting(cfg.routing().withEmbeddings(true));
            }
            long[] samples = new long[reqs.size() * (rounds - 5)];
            int k = 0;
            long sink = 0;
            for (int round = 0; round < rounds; round++) {
                for (ChatRequest r : reqs) {
                    long t0 = System.nanoTime();
                    Router.Decision d = embeddings ? router.decideByEmbedding(t, r, c)
                            : router.decide(t, r, c, dev.switchboard.engine.cost.BudgetCheck.OK, m -> true);
                    long took = System.nanoTime() - t0;
                    sink += d.target().length();
                    if (round >= 5) {
                        samples[k++] = took;
                    }
                }
            }
            Arrays.sort(samples);
            double p50 = samples[samples.length / 2] / 1e3;
            double p99 = samples[(int) (samples.length * 0.99)] / 1e3;
            double mean = Arrays.stream(samples).average().orElse(0) / 1e3;
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().createObjectNode().put("route", route).put("decisions", samples.length)
                        .put("p50_us", p50).put("p99_us", p99).put("mean_us", mean).put("sink", sink % 7)
                        .toPrettyString());
            } else {
                out.printf(Locale.ROOT, "%s: %d decisions over %d prompts: p50 %.1f us, p99 %.1f us, mean %.1f us%n",
                        route, samples.length, reqs.size(), p50, p99, mean);
            }
            return 0;
        }
    }
}
