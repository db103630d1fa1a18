package dev.switchboard.replay;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.L1Config;
import dev.switchboard.engine.config.L2Config;
import dev.switchboard.engine.config.L3Config;
import dev.switchboard.engine.config.LedgerConfig;
import dev.switchboard.engine.config.SimulatedConfig;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.config.TiersConfig;
import dev.switchboard.engine.error.EngineException;
import dev.switchboard.engine.provider.SimulatedQuality;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.route.CascadeRoute;
import dev.switchboard.engine.route.Route;
import dev.switchboard.engine.routing.RouteRunner;
import dev.switchboard.engine.route.TableRoute;
import dev.switchboard.workload.Workload;
import dev.switchboard.workload.WorkloadEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * Routing's cost against accuracy, measured by replaying a workload: every request of the workload asked of one
 * target (a model or a route) on an engine of its own, scored by the simulator's quality model. The engine is
 * the config's with every cache, the ledger and the simulator's latency and errors off, so each figure is what the
 * target's calls cost and how often their answers are right, nothing else; several targets in one run are
 * comparable. A cascade's threshold curve is one such replay per threshold.
 */
public final class RouteSweep {
    private static final long WEEK_MS = Duration.ofDays(7).toMillis();
    private static final int CONCURRENCY = 16;

    private RouteSweep() {
    }

    /**
     * One target's replay.
     *
     * @param scored    answers the quality model could judge; {@code correct} of them were right
     * @param byModel   answers per standing model
     * @param cheap     answers a cascade's first stage gave (0 for other targets)
     * @param answers   each request's answer (a vote's decision, or the answer text), null where it failed
     */
    public record Outcome(String target, int requests, int failed, int scored, int correct, double costUsd,
                          long calls, Map<String, Long> byModel, int cheap, double costPerWeekUsd,
                          List<String> answers) {
        public double accuracy() {
            return scored == 0 ? Double.NaN : (double) correct / scored;
        }

        public double cheapShare() {
            return requests == 0 ? 0 : (double) cheap / requests;
        }
    }

    /** A point of a cascade's threshold curve. */
    public record Row(double threshold, double cheapShare, double accuracy, double costUsd, double costPerWeekUsd) {
    }

    /** The config a sweep replays on: no caches, no ledger, no waiting, no simulated failures. */
    public static SwitchboardConfig quiet(SwitchboardConfig c) {
        TiersConfig t = c.tiers();
        L1Config l1 = new L1Config(false, t.l1().ttl(), t.l1().maxBytes());
        L2Config l2 = new L2Config(false, t.l2().ttl(), t.l2().url(), t.l2().timeout());
        L3Config l3 = new L3Config(false, t.l3().ttl(), t.l3().url(), t.l3().user(), t.l3().password(),
                t.l3().timeout(), t.l3().purgeInterval(), t.l3().poolSize());
        SimulatedConfig s = c.simulated();
        SimulatedConfig still = new SimulatedConfig(Duration.ZERO, Duration.ZERO, 0, 0, s.retryAfter(), 0, false,
                List.of(), Map.of(), s.output(), s.modelOutput(), s.quality());
        return c.withTiers(new TiersConfig(l1, l2, l3)).withSemantic(c.semantic().withEnabled(false))
                .withLedger(LedgerConfig.OFF).withSimulated(still)
                .withLimits(dev.switchboard.engine.config.LimitsConfig.NONE);
    }

    /** Every request of {@code w} asked of {@code target} (a model or a route name). */
    public static Outcome run(SwitchboardConfig config, Workload w, String target, DoubleConsumer progress,
                              BooleanSupplier cancelled) {
        SwitchboardConfig cfg = quiet(config);
        if (!cfg.models().containsKey(target) && cfg.routing().route(target) == null) {
            throw new IllegalArgumentException("target: '" + target + "' is neither a model nor a route; models: "
                    + cfg.models().keySet() + ", routes: " + cfg.routing().routes().keySet());
        }
        List<WorkloadEntry> entries = w.entries();
        String[] answers = new String[entries.size()];
        ChatResult[] results = new ChatResult[entries.size()];
        AtomicInteger done = new AtomicInteger();
        try (Engine engine = Engine.start(cfg);
             ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY, Thread.ofVirtual().factory())) {
            List<Future<?>> futures = new ArrayList<>();
            AtomicInteger next = new AtomicInteger();
            for (int k = 0; k < CONCURRENCY; k++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < entries.size() && !cancelled.getAsBoolean();
                         i = next.getAndIncrement()) {
                        try {
                            results[i] = engine.submit(request(entries.get(i), target));
                            answers[i] = shown(results[i]);
                        } catch (EngineException e) {
                            // A failed request is counted, not scored.
                        }
                        int d = done.incrementAndGet();
                        if (progress != null && (d & 63) == 0) {
                            progress.accept((double) d / entries.size());
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            long calls = engine.snapshot().providerCalls();
            int failed = 0;
            int scored = 0;
            int correct = 0;
            int cheap = 0;
            double cost = 0;
            Map<String, Long> byModel = new TreeMap<>();
            for (int i = 0; i < entries.size(); i++) {
                ChatResult r = results[i];
                if (r == null) {
                    failed++;
                    continue;
                }
                cost += r.costUsd();
                byModel.merge(r.model(), 1L, Long::sum);
                if (r.routed() != null && r.routed().stage() == 1) {
                    cheap++;
                }
                Boolean ok = SimulatedQuality.correct(entries.get(i).prompt(), r.answer(),
                        entries.get(i).responseFormat());
                if (ok != null) {
                    scored++;
                    if (ok) {
                        correct++;
                    }
                }
            }
            if (progress != null) {
                progress.accept(1.0);
            }
            long span = w.spanMs();
            double perWeek = span <= 0 ? Double.NaN : cost * WEEK_MS / span;
            return new Outcome(target, entries.size(), failed, scored, correct, cost, calls, byModel, cheap, perWeek,
                    java.util.Arrays.asList(answers));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    /**
     * The cascade {@code route} names (itself, or the first a table names) replayed at each threshold: the share
     * its cheap stage answers, the accuracy, the cost.
     */
    public static List<Row> curve(SwitchboardConfig config, Workload w, String route, double[] thresholds,
                                  DoubleConsumer progress, BooleanSupplier cancelled) {
        CascadeRoute c = cascadeOf(config, route);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < thresholds.length && !cancelled.getAsBoolean(); i++) {
            int at = i;
            SwitchboardConfig cfg = config.withRouting(config.routing().with(c.withThreshold(thresholds[i])));
            Outcome o = run(cfg, w, route, p -> {
                if (progress != null) {
                    progress.accept((at + p) / thresholds.length);
                }
            }, cancelled);
            double cheapShare = route.equals(c.name()) ? o.cheapShare() : cheapShareOfTable(o, c);
            rows.add(new Row(thresholds[i], cheapShare, o.accuracy(), o.costUsd(), o.costPerWeekUsd()));
        }
        return rows;
    }

    /** Through a table, the cheap stage's share is the share of answers its first model gave. */
    private static double cheapShareOfTable(Outcome o, CascadeRoute c) {
        return o.requests() == 0 ? 0 : (double) o.byModel().getOrDefault(c.stages().get(0), 0L) / o.requests();
    }

    /** The cascade a route is or leads to: itself, or the first cascade its table names. */
    public static CascadeRoute cascadeOf(SwitchboardConfig config, String route) {
        Route r = config.routing().route(route);
        if (r instanceof CascadeRoute c) {
            return c;
        }
        if (r instanceof TableRoute t) {
            for (String target : t.targets()) {
                if (config.routing().route(target) instanceof CascadeRoute c) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("route: '" + route + "' is not a cascade and names none; cascades: "
                + config.routing().routes().values().stream().filter(x -> x instanceof CascadeRoute)
                .map(Route::name).toList());
    }

    /** The premium model's name, for the baseline a sweep compares with. */
    public static String premium(SwitchboardConfig config) {
        var p = RouteRunner.premium(config);
        return p == null ? null : p.name();
    }

    private static ChatRequest request(WorkloadEntry e, String target) {
        return ChatRequest.builder().namespace(e.namespace()).user(e.user()).plan(e.plan()).model(target)
                .system(e.system()).prompt(e.prompt()).temperature(e.temperature()).maxTokens(e.maxTokens())
                .responseFormat(e.responseFormat()).build();
    }

    private static String shown(ChatResult r) {
        return r.routed() != null && r.routed().decision() != null ? r.routed().decision() : r.answer();
    }
}
