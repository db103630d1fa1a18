package dev.switchboard.engine.telemetry.metrics;

import dev.switchboard.engine.EngineSnapshot;
import dev.switchboard.engine.cache.TierSnapshot;
import dev.switchboard.engine.cost.BudgetsSnapshot;
import dev.switchboard.engine.guard.GuardSnapshot;
import dev.switchboard.engine.limit.BucketSnapshot;
import dev.switchboard.engine.parse.ParseSnapshot;
import dev.switchboard.engine.resilience.BreakerSnapshot;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything the engine already counts, read from one {@link EngineSnapshot} per scrape (taken by
 * {@link EngineMetrics#scrape()}): nothing here runs on the request path. Counters are the engine's own, since its
 * start; gauges are the value at the scrape.
 */
final class SnapshotMetrics {
    /** Most distinct rule, strategy or reason names one metric shows; the rest add up under {@code other}. */
    static final int MAX_NAMES = 64;

    private final PrometheusRegistry registry;
    private final Supplier<EngineSnapshot> snapshot;
    private final Supplier<LabelBounds> bounds;

    SnapshotMetrics(PrometheusRegistry registry, Supplier<EngineSnapshot> snapshot, Supplier<LabelBounds> bounds) {
        this.registry = registry;
        this.snapshot = snapshot;
        this.bounds = bounds;
        cache();
        limits();
        resilience();
        parse();
        guards();
        budgets();
    }

    private void cache() {
        tierCounter("switchboard_cache_hits_total", "Exact-cache lookups answered, by tier",
                TierSnapshot::hits);
        tierCounter("switchboard_cache_misses_total", "Exact-cache lookups not answered, by tier",
                TierSnapshot::misses);
        tierCounter("switchboard_cache_errors_total", "Exact-cache operations that failed, by tier",
                TierSnapshot::errors);
        tierCounter("switchboard_cache_skipped_total", "Lookups not made (tier down or too slow), by tier",
                TierSnapshot::skipped);
        tierCounter("switchboard_cache_dropped_writes_total", "Writes not made (tier down or queue full), by tier",
                TierSnapshot::dropped);
        GaugeWithCallback.builder().name("switchboard_cache_tier_up")
                .help("Exact-cache tier state: 1 up, 0 down (failing, skipped), -1 turned off in the config")
                .labelNames("tier").callback(cb -> {
                    for (TierSnapshot t : snapshot.get().tiers()) {
                        cb.call(switch (t.state()) {
                            case UP -> 1;
                            case DOWN -> 0;
                            case DISABLED -> -1;
                        }, t.tier().name());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("switchboard_cache_pending_writes")
                .help("Writes queued for a tier and not yet made").labelNames("tier").callback(cb -> {
                    for (TierSnapshot t : snapshot.get().tiers()) {
                        cb.call(t.pending(), t.tier().name());
                    }
                }).register(registry);
        simpleCounter("switchboard_semantic_lookups_total", "Requests looked up by meaning in the semantic cache",
                s -> s.semantic().lookups());
        simpleCounter("switchboard_semantic_hits_total", "Semantic lookups answered from a stored answer",
                s -> s.semantic().hits());
        simpleCounter("switchboard_semantic_misses_total", "Semantic lookups with no candidate close enough",
                s -> s.semantic().misses());
        namedCounter("switchboard_semantic_refusals_total", "Semantic candidates refused, by reason", "reason",
                s -> s.semantic().refused());
        GaugeWithCallback.builder().name("switchboard_semantic_entries").help("Prompts in the semantic index")
                .callback(cb -> cb.call(snapshot.get().semantic().entries())).register(registry);
    }

    private void limits() {
        GaugeWithCallback.builder().name("switchboard_bucket_level")
                .help("Tokens available now in an upstream bucket (model:<name> or provider:<name>)")
                .labelNames("bucket").callback(cb -> buckets(b -> cb.call(b.level(), bucketName(b)))).register(registry);
        GaugeWithCallback.builder().name("switchboard_bucket_capacity").help("An upstream bucket's capacity")
                .labelNames("bucket").callback(cb -> buckets(b -> cb.call(b.capacity(), bucketName(b))))
                .register(registry);
        GaugeWithCallback.builder().name("switchboard_bucket_queue_depth")
                .help("Requests waiting for a slot in an upstream bucket").labelNames("bucket")
                .callback(cb -> buckets(b -> cb.call(b.queueDepth(), bucketName(b)))).register(registry);
        namedCounter("switchboard_admission_rejected_total", "Requests refused at admission, by reason", "reason",
                s -> s.limits().rejected());
        simpleCounter("switchboard_upstream_queued_total", "Requests that waited for an upstream slot",
                s -> s.limits().queued());
        simpleCounter("switchboard_upstream_429_total", "Upstream 429 answers (each slows the buckets down)",
                s -> s.limits().retried429());
    }

    private void resilience() {
        GaugeWithCallback.builder().name("switchboard_breaker_state")
                .help("Circuit breaker per model: 0 closed, 1 open, 2 half-open").labelNames("model")
                .callback(cb -> {
                    LabelBounds b = bounds.get();
                    for (BreakerSnapshot br : snapshot.get().resilience().breakers()) {
                        String model = b.model(br.model());
                        if (!model.equals(LabelBounds.OTHER)) {
                            cb.call(breakerState(br.state()), model);
                        }
                    }
                }).register(registry);
        simpleCounter("switchboard_provider_calls_total", "Calls made to providers, failed ones included",
                EngineSnapshot::providerCalls);
        simpleCounter("switchboard_retries_total", "Provider calls retried", s -> s.resilience().retried());
        simpleCounter("switchboard_fallbacks_total", "Requests answered by a later model of their fallback chain",
                s -> s.resilience().fellBack());
        simpleCounter("switchboard_coalesced_total", "Requests that shared an identical request's provider call",
                s -> s.resilience().coalesced());
        simpleCounter("switchboard_stale_served_total", "Expired cache entries served because no model could answer",
                s -> s.resilience().staleServed());
        simpleCounter("switchboard_breaker_transitions_total", "Circuit breaker state changes",
                s -> s.resilience().breakerTransitions());
    }

    /** Resilience4j's states: forced open counts as open; disabled and metrics-only never refuse, as closed. */
    static int breakerState(String state) {
        return switch (state) {
            case "OPEN", "FORCED_OPEN" -> 1;
            case "HALF_OPEN" -> 2;
            default -> 0;
        };
    }

    private void parse() {
        CounterWithCallback.builder().name("switchboard_parse_strategy_results_total")
                .help("Output parse attempts per strategy of the chain, by result (success or failure)")
                .labelNames("strategy", "result").callback(cb -> {
                    int shown = 0;
                    for (ParseSnapshot.StrategyRow r : snapshot.get().parse().strategies()) {
                        if (shown++ >= MAX_NAMES) {
                            break;
                        }
                        cb.call(r.successes(), r.id(), "success");
                        cb.call(r.failures(), r.id(), "failure");
                    }
                }).register(registry);
        simpleCounter("switchboard_parse_answers_total", "Answers run through the parse chain",
                s -> s.parse().answers());
        simpleCounter("switchboard_parse_reprompts_total", "Follow-ups sent back to the model to fix its output",
                s -> s.parse().reprompts());
        simpleCounter("switchboard_parse_failed_total", "Requests whose output could not be parsed",
                s -> s.parse().failed());
    }

    private void guards() {
        simpleCounter("switchboard_guard_checks_total", "Texts checked by the guards (requests and answers)",
                s -> s.guards().checks());
        CounterWithCallback.builder().name("switchboard_guard_verdicts_total")
                .help("Guard verdicts by rule and mode (blocked, redacted, flagged); rules past 64 add up under other")
                .labelNames("rule", "mode").callback(cb -> {
                    Map<String, GuardSnapshot.RuleCounts> rules = new TreeMap<>(snapshot.get().guards().byRule());
                    long[] other = new long[3];
                    int shown = 0;
                    for (var e : rules.entrySet()) {
                        GuardSnapshot.RuleCounts r = e.getValue();
                        if (shown++ < MAX_NAMES && !e.getKey().equals(LabelBounds.OTHER)) {
                            cb.call(r.blocked(), e.getKey(), "blocked");
                            cb.call(r.redacted(), e.getKey(), "redacted");
                            cb.call(r.flagged(), e.getKey(), "flagged");
                        } else {
                            other[0] += r.blocked();
                            other[1] += r.redacted();
                            other[2] += r.flagged();
                        }
                    }
                    if (shown > MAX_NAMES || rules.containsKey(LabelBounds.OTHER)) {
                        cb.call(other[0], LabelBounds.OTHER, "blocked");
                        cb.call(other[1], LabelBounds.OTHER, "redacted");
                        cb.call(other[2], LabelBounds.OTHER, "flagged");
                    }
                }).register(registry);
    }

    private void budgets() {
        GaugeWithCallback.builder().name("switchboard_spend_usd")
                .help("Spend in the current period (UTC day or month), in US dollars").labelNames("period")
                .callback(cb -> {
                    BudgetsSnapshot b = snapshot.get().ledger().budgets();
                    if (b != null) {
                        cb.call(b.todayUsd(), "day");
                        cb.call(b.monthUsd(), "month");
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("switchboard_budget_limit_usd")
                .help("The global budget per period, in US dollars (0: none set)").labelNames("period")
                .callback(cb -> {
                    BudgetsSnapshot b = snapshot.get().ledger().budgets();
                    if (b != null) {
                        cb.call(b.dailyLimitUsd(), "day");
                        cb.call(b.monthlyLimitUsd(), "month");
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("switchboard_budget_level")
                .help("Where spend stands against the budget: 0 ok, 1 past the alert threshold, 2 soft limit "
                        + "(cheapest model), 3 hard limit (refusing)").labelNames("period")
                .callback(cb -> {
                    BudgetsSnapshot b = snapshot.get().ledger().budgets();
                    if (b != null) {
                        cb.call(level(b.todayMicros(), b.dailyLimitMicros(), b), "day");
                        cb.call(level(b.monthMicros(), b.monthlyLimitMicros(), b), "month");
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("switchboard_ledger_pending")
                .help("Ledger records journaled and not yet in SQL")
                .callback(cb -> cb.call(snapshot.get().ledger().pending())).register(registry);
    }

    /** The budget level by the snapshot's own thresholds (percent of the limit); no limit is level 0. */
    static int level(long spent, long limit, BudgetsSnapshot b) {
        if (limit <= 0) {
            return 0;
        }
        double pct = 100.0 * spent / limit;
        return pct >= b.hardPercent() ? 3 : pct >= b.softPercent() ? 2 : pct >= b.alertPercent() ? 1 : 0;
    }

    private void buckets(Consumer<BucketSnapshot> each) {
        for (BucketSnapshot b : snapshot.get().limits().buckets()) {
            each.accept(b);
        }
    }

    /** {@code model:<name>} keeps its prefix with the model bounded; {@code provider:<name>} is the config's. */
    private String bucketName(BucketSnapshot b) {
        String n = b.name();
        return n.startsWith("model:") ? "model:" + bounds.get().model(n.substring(6)) : n;
    }

    private void tierCounter(String name, String help, java.util.function.ToLongFunction<TierSnapshot> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("tier").callback(cb -> {
            for (TierSnapshot t : snapshot.get().tiers()) {
                cb.call(value.applyAsLong(t), t.tier().name());
            }
        }).register(registry);
    }

    private void simpleCounter(String name, String help, java.util.function.ToLongFunction<EngineSnapshot> value) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(cb -> cb.call(value.applyAsLong(snapshot.get()))).register(registry);
    }

    /** A counter per name of an engine map (reasons): sorted, at most {@link #MAX_NAMES}, the rest as other. */
    private void namedCounter(String name, String help, String label,
                              java.util.function.Function<EngineSnapshot, Map<String, Long>> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames(label).callback(cb -> {
            Map<String, Long> m = new TreeMap<>(value.apply(snapshot.get()));
            long other = 0;
            int shown = 0;
            for (var e : m.entrySet()) {
                if (shown++ < MAX_NAMES && !e.getKey().equals(LabelBounds.OTHER)) {
                    cb.call(e.getValue(), e.getKey());
                } else {
                    other += e.getValue();
                }
            }
            if (other > 0) {
                cb.call(other, LabelBounds.OTHER);
            }
        }).register(registry);
    }
}
