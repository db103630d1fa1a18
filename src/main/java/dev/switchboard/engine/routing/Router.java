package dev.switchboard.engine.routing;

import dev.switchboard.engine.route.TaskProfile;
import dev.switchboard.engine.route.TaskClassifier;
import dev.switchboard.engine.route.TableRoute;

import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.cost.BudgetCheck;
import dev.switchboard.engine.provider.TokenEstimator;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.Message;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A table route's decision: classify, look the cell up, then keep the pick inside the route's cost ceilings and the
 * user's remaining budget, and off unhealthy models. Pure: no call is made, so the gateway's route-suggest and the
 * playground ask it what would happen.
 */
public final class Router {
    /** Output tokens assumed for a request that sets no {@code max_tokens}, when estimating its cost. */
    public static final int ASSUMED_OUTPUT_TOKENS = 256;

    private final TaskClassifier classifier = new TaskClassifier();
    /** A prompt's nearest class by its embedding, or null when none can be had now; null for rules only. */
    private final Function<ChatRequest, CentroidClassifier.Nearest> nearest;

    /** Rules only. */
    public Router() {
        this(null);
    }

    public Router(Function<ChatRequest, CentroidClassifier.Nearest> nearest) {
        this.nearest = nearest;
    }

    /**
     * @param target  the model or route the request goes to
     * @param reasons each step, in words
     */
    public record Decision(String target, TaskProfile profile, List<String> reasons) {
        public Decision {
            reasons = List.copyOf(reasons);
        }
    }

    public TaskProfile classify(ChatRequest r) {
        return classifier.classify(r.system(), lastUser(r));
    }

    /**
     * @param budget    the user's budget now ({@link BudgetCheck#OK} when none applies)
     * @param available whether a model can be called now (its breaker not open)
     */
    public Decision decide(TableRoute t, ChatRequest r, SwitchboardConfig cfg, BudgetCheck budget,
                           Predicate<String> available) {
        TaskProfile p = classify(r);
        if (nearest != null && cfg.routing().embeddings() && p.reasons().contains(TaskClassifier.NO_CUE)) {
            // The rules saw nothing to go by: the embedding's nearest class is a better guess than chat.
            CentroidClassifier.Nearest n = nearest.apply(r);
            if (n != null) {
                List<String> reasons = new ArrayList<>(p.reasons());
                reasons.remove(TaskClassifier.NO_CUE);
                reasons.add(0, n.describe());
                p = new TaskProfile(n.taskClass(), p.complexity(), reasons);
            }
        }
        List<String> why = new ArrayList<>();
        String target = t.target(p.taskClass(), p.complexity());
        why.add(p.taskClass().wireName() + "/" + p.complexity().wireName() + " -> " + target
                + (t.written(p.taskClass(), p.complexity()) ? " (table)" : " (otherwise)")
                + (p.reasons().isEmpty() ? "" : "; cues: " + String.join(", ", p.reasons())));
        if (r.latencySensitive() && t.fastModel() != null && !t.fastModel().equals(target)) {
            target = t.fastModel();
            why.add("latency-sensitive -> " + target);
        }
        ModelConfig m = cfg.models().get(target);
        if (m == null) {
            // A cascade, vote or experiment: its own stages are priced and checked as they run.
            return new Decision(target, p, why);
        }
        int in = TokenEstimator.ofRequest(r);
        int out = r.maxTokens() == null ? ASSUMED_OUTPUT_TOKENS : r.maxTokens();
        double cap = Double.POSITIVE_INFINITY;
        String capWhy = null;
        if (t.maxUsdPerRequest() != null) {
            cap = t.maxUsdPerRequest();
            capWhy = usd(cap) + "/request";
        }
        if (t.maxUsdPer1M() != null) {
            double perRequest = t.maxUsdPer1M() * (in + out) / 1e6;
            if (perRequest < cap) {
                cap = perRequest;
                capWhy = usd(t.maxUsdPer1M()) + "/1M tokens";
            }
        }
        if (m.cost(in, out) > cap) {
            ModelConfig within = priciestWithin(cfg, cap, in, out, available);
            why.add(target + " estimated " + usd(m.cost(in, out)) + " for " + in + "+" + out + " tokens is over the "
                    + capWhy + " ceiling -> " + (within == null ? target + " (no model fits; kept)" : within.name()));
            if (within != null) {
                m = within;
            }
        }
        if (budget.limitMicros() > 0) {
            double left = Math.max(0, budget.limitMicros() - budget.spentMicros()) / 1e6;
            if (m.cost(in, out) > left) {
                ModelConfig within = priciestWithin(cfg, left, in, out, available);
                why.add(m.name() + " estimated " + usd(m.cost(in, out)) + " is more than the " + usd(left)
                        + " left of " + budget.budget() + " -> "
                        + (within == null ? m.name() + " (no model fits; kept)" : within.name()));
                if (within != null) {
                    m = within;
                }
            }
        }
        if (!available.test(m.name())) {
            String fb = null;
            for (String f : cfg.resilience().chain(m.name())) {
                if (!f.equals(m.name()) && available.test(f)) {
                    fb = f;
                    break;
                }
            }
            why.add(m.name() + " unhealthy (breaker open) -> " + (fb == null ? m.name() + " (no healthy fallback)"
                    : fb + ", its fallback"));
            if (fb != null) {
                m = cfg.models().get(fb);
            }
        }
        return new Decision(m.name(), p, why);
    }

    /**
     * As {@link #decide} with the rules' class replaced by the nearest centroid's whatever the rules found: what a
     * prompt without a cue costs the router, for {@code route bench --embeddings}.
     */
    public Decision decideByEmbedding(TableRoute t, ChatRequest r, SwitchboardConfig cfg) {
        TaskProfile p = classify(r);
        CentroidClassifier.Nearest n = nearest.apply(r);
        TaskProfile q = new TaskProfile(n.taskClass(), p.complexity(), List.of(n.describe()));
        Decision d = decide(t, r, cfg, BudgetCheck.OK, m -> true);
        return new Decision(t.target(q.taskClass(), q.complexity()).equals(d.target()) ? d.target()
                : t.target(q.taskClass(), q.complexity()), q, d.reasons());
    }

    /** The priciest healthy model whose estimated cost fits {@code cap}: the best a ceiling can still buy. */
    private static ModelConfig priciestWithin(SwitchboardConfig cfg, double cap, int in, int out,
                                              Predicate<String> available) {
        return cfg.models().values().stream()
                .filter(x -> x.cost(in, out) <= cap && available.test(x.name()))
                .max(Comparator.comparingDouble(ModelConfig::blendedPrice)).orElse(null);
    }

    static String lastUser(ChatRequest r) {
        List<Message> ms = r.messages();
        for (int i = ms.size() - 1; i >= 0; i--) {
            if ("user".equals(ms.get(i).role())) {
                return ms.get(i).content();
            }
        }
        return ms.isEmpty() ? "" : ms.get(ms.size() - 1).content();
    }

    static String usd(double v) {
        return String.format(Locale.ROOT, v < 0.01 ? "$%.5f" : "$%.4f", v);
    }
}
