package dev.switchboard.engine.routing;

import dev.switchboard.engine.route.TaskProfile;
import dev.switchboard.engine.route.Route;
import dev.switchboard.engine.route.TableRoute;
import dev.switchboard.engine.route.CascadeRoute;
import dev.switchboard.engine.route.VoteRoute;
import dev.switchboard.engine.route.ExperimentRoute;
import dev.switchboard.engine.route.Confidence;
import dev.switchboard.engine.route.Routed;
import dev.switchboard.engine.route.Verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.engine.clock.Ticker;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.ProviderConfig;
import dev.switchboard.engine.config.ProviderKind;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.cost.BudgetCheck;
import dev.switchboard.engine.error.EngineException;
import dev.switchboard.engine.error.ParseFailedException;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.request.StreamDelta;
import dev.switchboard.engine.request.StreamObserver;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs a request that named a route: a table's pick, an experiment's arm, a cascade's stages, a vote's voters. Each
 * call it makes is an ordinary request of the engine's (guards, caches, limits, the provider, parsing, the ledger),
 * so every stage and vote is paid, recorded and cached as any request is; this class only decides which calls and
 * what their answers add up to.
 */
public final class RouteRunner {
    /** The engine's request path, for one model: {@code out} null for a plain call. */
    public interface Calls {
        ChatResult call(ChatRequest r, StreamObserver out);
    }

    private final Supplier<SwitchboardConfig> config;
    private final Predicate<String> available;
    private final Function<String, BudgetCheck> budgets;
    private final Ticker ticker;
    private final ExecutorService voters;
    private final Router router;
    private final Function<ChatRequest, float[]> embed;
    private final Supplier<String> embedderId;
    private volatile CentroidClassifier centroids;
    private final java.util.concurrent.atomic.AtomicBoolean building = new java.util.concurrent.atomic.AtomicBoolean();
    private final RouteStats stats = new RouteStats();
    /**
     * Stage answers' confidences by cache key: a stage answered from a cache carries no log-probabilities, so the
     * confidence its provider gave when the answer was written is kept here (per instance; an entry written by
     * another instance has none, and its stage escalates).
     */
    private final Cache<String, Double> confidences = Caffeine.newBuilder().maximumSize(100_000).build();

    public RouteRunner(Supplier<SwitchboardConfig> config, Predicate<String> available,
                       Function<String, BudgetCheck> budgets, Ticker ticker, ExecutorService voters) {
        this(config, available, budgets, ticker, voters, r -> null, () -> null);
    }

    /**
     * @param embed      the prompt's embedding by the semantic cache's in-process model, or null when it has none
     *                   now (the cache keeps it for the request's own lookup)
     * @param embedderId that model's id, or null when none is ready
     */
    public RouteRunner(Supplier<SwitchboardConfig> config, Predicate<String> available,
                       Function<String, BudgetCheck> budgets, Ticker ticker, ExecutorService voters,
                       Function<ChatRequest, float[]> embed, Supplier<String> embedderId) {
        this.embed = embed;
        this.embedderId = embedderId;
        this.router = new Router(this::nearest);
        this.config = config;
        this.available = available;
        this.budgets = budgets;
        this.ticker = ticker;
        this.voters = voters;
    }

    public Router router() {
        return router;
    }

    /**
     * The request's nearest class by embedding; null until the centroids for the ready model are built (beside the
     * requests, once per model: 72 example prompts embedded) or when no embedding can be had.
     */
    CentroidClassifier.Nearest nearest(ChatRequest r) {
        String id = embedderId.get();
        if (id == null) {
            return null;
        }
        CentroidClassifier c = centroids;
        if (c == null || !c.embedderId().equals(id)) {
            if (building.compareAndSet(false, true)) {
                Thread.ofVirtual().name("route-centroids").start(() -> buildCentroids(id));
            }
            return null;
        }
        float[] v = embed.apply(r);
        return v == null ? null : c.nearest(v);
    }

    private void buildCentroids(String id) {
        try {
            centroids = CentroidClassifier.build(id, CentroidClassifier.examples(), text -> {
                ChatRequest ask = ChatRequest.builder().model("route-centroid").prompt(text).build();
                for (int tries = 0; tries < 200; tries++) {
                    float[] v = embed.apply(ask);
                    if (v != null) {
                        return v;
                    }
                    // Every embedding slot taken by requests: theirs come first.
                    java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
                }
                throw new IllegalStateException("no embedding slot for the route centroids in 2 s");
            });
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(RouteRunner.class).warn(
                    "routing: class centroids for {} not built ({}); tables classify by rules only", id,
                    e.getMessage());
        } finally {
            building.set(false);
        }
    }

    public RoutingSnapshot snapshot() {
        SwitchboardConfig cfg = config.get();
        ModelConfig p = premium(cfg);
        return stats.snapshot(p == null ? null : p.name());
    }

    /** The premium model: the configured one, else the priciest. */
    public static ModelConfig premium(SwitchboardConfig cfg) {
        String named = cfg.routing().premium();
        if (named != null && cfg.models().containsKey(named)) {
            return cfg.models().get(named);
        }
        return cfg.models().values().stream().max(java.util.Comparator.comparingDouble(ModelConfig::blendedPrice))
                .orElse(null);
    }

    /** What a table route would pick for {@code r} now, without calling anything. */
    public Router.Decision suggest(TableRoute t, ChatRequest r) {
        return router.decide(t, r, config.get(), r.user() == null ? BudgetCheck.OK : budgets.apply(r.user()),
                available);
    }

    /**
     * @param out where to stream the answer, or null; a cascade's or a vote's answer is streamed once decided, as a
     *            cached answer is
     */
    public ChatResult run(ChatRequest request, Route route, Calls calls, StreamObserver out) {
        long t0 = ticker.read();
        try {
            return switch (route) {
                case TableRoute t -> table(request, t, calls, out, t0);
                case ExperimentRoute e -> experiment(request, e, calls, out, t0, null, List.of());
                case CascadeRoute c -> replayed(cascade(request, c, calls, t0, null, List.of()), out);
                case VoteRoute v -> replayed(vote(request, v, calls, t0, null, List.of()), out);
            };
        } catch (RuntimeException e) {
            stats.failed(route);
            throw e;
        }
    }

    private ChatResult table(ChatRequest request, TableRoute t, Calls calls, StreamObserver out, long t0) {
        SwitchboardConfig cfg = config.get();
        Router.Decision d = router.decide(t, request, cfg,
                request.user() == null ? BudgetCheck.OK : budgets.apply(request.user()), available);
        Route inner = cfg.routing().route(d.target());
        List<String> why = d.reasons();
        ChatResult r = switch (inner) {
            case null -> {
                ChatResult a = calls.call(request.withModel(d.target()), out);
                yield done(t, a, new Routed(t.name(), t.kind(), d.profile(), a.model(), why, 0, 0, a.confidence(),
                        List.of(), null, null, premiumCost(cfg, a)), a.costUsd(), t0, 0, false);
            }
            case ExperimentRoute e -> experiment(request, e, calls, out, t0, d.profile(), why);
            case CascadeRoute c -> replayed(cascade(request, c, calls, t0, d.profile(), why), out);
            case VoteRoute v -> replayed(vote(request, v, calls, t0, d.profile(), why), out);
            case TableRoute other -> throw new IllegalStateException("table " + t.name() + " names table "
                    + other.name() + "; the config check refuses that");
        };
        if (inner == null) {
            return r;
        }
        stats.throughTable(t, r);
        return r.withRouted(r.routed().named(t.name()));
    }

    private ChatResult experiment(ChatRequest request, ExperimentRoute e, Calls calls, StreamObserver out, long t0,
                                  TaskProfile profile, List<String> before) {
        int arm = arm(e, request);
        String model = arm == 0 ? e.a() : e.b();
        ChatResult a;
        try {
            a = calls.call(request.withModel(model), out);
        } catch (EngineException ex) {
            stats.armFailed(e, arm, ex instanceof ParseFailedException);
            throw ex;
        }
        stats.armAnswered(e, arm, a);
        List<String> why = new ArrayList<>(before);
        why.add("experiment " + e.name() + ": arm " + (arm == 0 ? "a" : "b") + " -> " + model + " ("
                + (arm == 0 ? 100 - e.bPercent() : e.bPercent()) + "% of users"
                + (request.user() == null ? "; no user, so by request" : "") + ")");
        return done(e, a, new Routed(e.name(), e.kind(), profile, a.model(), why, 0, 0, a.confidence(), List.of(),
                null, arm == 0 ? "a" : "b", premiumCost(config.get(), a)), a.costUsd(), t0, 0, false);
    }

    /** 0 (arm a) or 1 (arm b): sticky per user, by a hash of the user and the route's name. */
    static int arm(ExperimentRoute e, ChatRequest r) {
        String who = r.user() != null ? r.user() : r.requestId() != null ? r.requestId() : Router.lastUser(r);
        long h = 0xcbf29ce484222325L;
        for (String s : new String[] {e.name(), "\u0000", who}) {
            for (int i = 0; i < s.length(); i++) {
                h = (h ^ s.charAt(i)) * 0x100000001b3L;
            }
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return Long.remainderUnsigned(h, 100) < e.bPercent() ? 1 : 0;
    }

    private ChatResult cascade(ChatRequest request, CascadeRoute c, Calls calls, long t0, TaskProfile profile,
                               List<String> before) {
        SwitchboardConfig cfg = config.get();
        List<String> why = new ArrayList<>(before);
        double spent = 0;
        ChatResult answer = null;
        Double conf = null;
        int stage = 0;
        for (int i = 0; i < c.stages().size(); i++) {
            String model = c.stages().get(i);
            boolean last = i == c.stages().size() - 1;
            stage = i + 1;
            ChatResult r;
            try {
                r = calls.call(stageRequest(request, model, c, cfg), null);
            } catch (ParseFailedException e) {
                if (last || c.confidence() != Confidence.PARSE) {
                    throw e;
                }
                why.add(String.format(Locale.ROOT, "stage %d %s: answer did not parse -> escalated", stage, model));
                continue;
            }
            spent += r.costUsd();
            answer = r;
            if (last) {
                // The last stage's answer stands; a verifier is not asked about it (its verdict would change nothing).
                conf = c.confidence() == Confidence.VERIFIER ? null : confidence(c, r, request, calls).value();
                why.add(String.format(Locale.ROOT, "stage %d %s answered (last stage)", stage, model));
                break;
            }
            Measured m = confidence(c, r, request, calls);
            spent += m.costUsd();
            Double measured = m.value();
            conf = measured;
            if (measured != null && measured >= c.threshold()) {
                why.add(String.format(Locale.ROOT, "stage %d %s: confidence %.2f >= %.2f -> answered", stage, model,
                        measured, c.threshold()));
                break;
            }
            why.add(measured == null
                    ? String.format(Locale.ROOT, "stage %d %s: no %s confidence%s -> escalated", stage, model,
                            c.confidence().configName(), r.servedBy() == ServedBy.PROVIDER ? ""
                                    : " (answer from " + r.servedBy().name().toLowerCase(Locale.ROOT) + ")")
                    : String.format(Locale.ROOT, "stage %d %s: confidence %.2f < %.2f -> escalated", stage, model,
                            measured, c.threshold()));
        }
        Routed how = new Routed(c.name(), c.kind(), profile, answer.model(), why, stage, stage, conf, List.of(),
                null, null, premiumCost(cfg, answer));
        return done(c, answer, how, spent, t0, 0, false);
    }

    /** A stage's confidence (null when none could be had) and what measuring it cost (a verifier's call). */
    private record Measured(Double value, double costUsd) {
    }

    private ChatRequest stageRequest(ChatRequest request, String model, CascadeRoute c, SwitchboardConfig cfg) {
        ChatRequest r = request.withModel(model);
        if (c.confidence() != Confidence.LOGPROBS) {
            return r;
        }
        ModelConfig m = cfg.models().get(model);
        ProviderConfig p = m == null ? null : cfg.providerOf(m);
        if (p == null || p.kind() == ProviderKind.ANTHROPIC) {
            // The simulator reports a confidence unasked; Anthropic's API has no log-probabilities to ask for.
            return r;
        }
        ObjectNode extra = r.extra() == null ? JsonNodeFactory.instance.objectNode() : r.extra();
        extra.put("logprobs", true);
        return r.toBuilder().extra(extra).build();
    }

    private Measured confidence(CascadeRoute c, ChatResult r, ChatRequest request, Calls calls) {
        String key = r.cacheKey() == null ? null : r.cacheKey().value();
        switch (c.confidence()) {
            case LOGPROBS -> {
                if (r.confidence() != null) {
                    if (key != null) {
                        confidences.put(key, r.confidence());
                    }
                    return new Measured(r.confidence(), 0);
                }
                return new Measured(key == null ? null : confidences.getIfPresent(key), 0);
            }
            case PARSE -> {
                return new Measured(r.output() == null ? null : r.output().parsed() ? 1.0 : 0.0, 0);
            }
            case FIELD -> {
                JsonNode v = r.output() == null || r.output().value() == null ? null
                        : r.output().value().get(c.field());
                return new Measured(v != null && v.isNumber() ? Math.max(0, Math.min(1, v.asDouble())) : null, 0);
            }
            case VERIFIER -> {
                ChatRequest ask = ChatRequest.builder().namespace(request.namespace()).user(request.user())
                        .plan(request.plan()).model(c.verifier()).system(Verifier.SYSTEM)
                        .prompt(Verifier.prompt(Router.lastUser(request), r.answer())).temperature(0.0)
                        .maxTokens(8).requestId(request.requestId()).build();
                ChatResult v = calls.call(ask, null);
                return new Measured(Verifier.read(v.answer()), v.costUsd());
            }
            default -> throw new IllegalStateException(c.confidence().name());
        }
    }

    private ChatResult vote(ChatRequest request, VoteRoute v, Calls calls, long t0, TaskProfile profile,
                            List<String> before) {
        int n = v.voters().size();
        List<ChatResult> answers = new ArrayList<>();
        List<Routed.Vote> votes = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        EngineException lastFailure = null;
        int first = v.earlyStop() ? Math.min(3, n) : n;
        List<Future<ChatResult>> pending = new ArrayList<>();
        Context ctx = Context.current();
        for (int i = 0; i < first; i++) {
            ChatRequest r = voteRequest(request, v, i);
            pending.add(voters.submit(ctx.wrap(() -> calls.call(r, null))));
        }
        int asked = 0;
        boolean early = false;
        while (true) {
            for (Future<ChatResult> f : pending) {
                String model = v.voters().get(asked);
                asked++;
                try {
                    ChatResult a = f.get();
                    String label = label(v, a);
                    answers.add(a);
                    votes.add(new Routed.Vote(model, label, a.costUsd(), a.servedBy() != ServedBy.PROVIDER));
                    if (label != null) {
                        counts.merge(label, 1, Integer::sum);
                    }
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof EngineException ee)) {
                        throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e);
                    }
                    lastFailure = ee;
                    answers.add(null);
                    votes.add(new Routed.Vote(model, null, 0, false, ee.kind()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the votes were cast", e);
                }
            }
            pending.clear();
            if (asked >= n) {
                break;
            }
            if (v.earlyStop() && decided(counts)) {
                early = true;
                break;
            }
            ChatRequest r = voteRequest(request, v, asked);
            pending.add(voters.submit(ctx.wrap(() -> calls.call(r, null))));
        }
        if (counts.isEmpty()) {
            if (lastFailure != null) {
                throw lastFailure;
            }
            // Every voter answered, none with the field: there is nothing to count; the first answer stands.
            ChatResult first1 = answers.get(0);
            double paid = answers.stream().mapToDouble(ChatResult::costUsd).sum();
            List<String> why = new ArrayList<>(before);
            why.add("vote: no answer carried the field '" + v.field() + "'; the first voter's answer stands");
            return done(v, first1, new Routed(v.name(), v.kind(), profile, first1.model(), why, 0, 0, null, votes,
                    null, null, premiumCost(config.get(), first1)), paid, t0, votes.size(), false);
        }
        String decision = null;
        int best = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            // Ties go to the label that reached the count first: counts keeps first-seen order.
            if (e.getValue() > best) {
                best = e.getValue();
                decision = e.getKey();
            }
        }
        ChatResult standing = null;
        double spent = 0;
        for (int i = 0; i < answers.size(); i++) {
            ChatResult a = answers.get(i);
            if (a != null) {
                spent += a.costUsd();
                if (standing == null && decision.equals(votes.get(i).label())) {
                    standing = a;
                }
            }
        }
        int cast = (int) votes.stream().filter(x -> x.label() != null).count();
        double conf = (double) best / cast;
        List<String> why = new ArrayList<>(before);
        why.add(String.format(Locale.ROOT, "vote: %s by %d of %d%s", shown(decision), best, votes.size(),
                early ? " (stopped early; " + (n - votes.size()) + " of " + n + " voters not asked)" : ""));
        Routed how = new Routed(v.name(), v.kind(), profile, standing.model(), why, 0, 0, conf, votes, decision, null,
                premiumCost(config.get(), standing));
        return done(v, standing, how, spent, t0, votes.size(), early);
    }

    /**
     * The remaining votes cannot change the majority: 3 of 3 agree, or 3 of 4 do (on 5 voters, a majority of the
     * whole is already there).
     */
    static boolean decided(Map<String, Integer> counts) {
        int top = 0;
        int second = 0;
        for (int c : counts.values()) {
            if (c > top) {
                second = top;
                top = c;
            } else if (c > second) {
                second = c;
            }
        }
        return top >= 3 && top - second >= 2;
    }

    /** Voter {@code i}'s request: a model named again is sampled again, with a seed of its own. */
    private static ChatRequest voteRequest(ChatRequest request, VoteRoute v, int i) {
        String model = v.voters().get(i);
        ChatRequest r = request.withModel(model);
        int repeat = 0;
        for (int j = 0; j < i; j++) {
            if (v.voters().get(j).equals(model)) {
                repeat++;
            }
        }
        if (repeat == 0) {
            return r;
        }
        long base = request.seed() == null ? 0 : request.seed();
        double t = request.temperature() == null || request.temperature() == 0 ? 0.7 : request.temperature();
        return r.toBuilder().seed(base + repeat).temperature(t).build();
    }

    private static String label(VoteRoute v, ChatResult a) {
        if (v.field() != null) {
            JsonNode value = a.output() == null ? null : a.output().value();
            JsonNode f = value == null ? null : value.get(v.field());
            return f == null || f.isNull() ? null : f.isTextual() ? f.asText().strip().toLowerCase(Locale.ROOT)
                    : f.toString();
        }
        String t = a.answer() == null ? "" : a.answer().strip();
        return t.isEmpty() ? null : t;
    }

    private static String shown(String label) {
        return label.length() > 40 ? "\"" + label.substring(0, 37) + "...\"" : "\"" + label + "\"";
    }

    private ChatResult done(Route route, ChatResult standing, Routed how, double spent, long t0, int votesCast,
                            boolean early) {
        ChatResult r = standing.asRouted(how, spent, ticker.read() - t0);
        stats.answered(route, r, votesCast, early);
        return r;
    }

    /** The premium model's price for the answer's tokens, when any call was paid for it. */
    private static double premiumCost(SwitchboardConfig cfg, ChatResult a) {
        ModelConfig p = premium(cfg);
        return p == null || a.costUsd() <= 0 ? 0 : p.cost(a.tokensIn(), a.tokensOut());
    }

    private static ChatResult replayed(ChatResult r, StreamObserver out) {
        if (out != null) {
            out.onStart(r.servedBy(), r.cacheKey());
            StreamDelta.replay(r.choices()).forEach(out::onDelta);
        }
        return r;
    }
}
