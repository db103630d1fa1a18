package dev.switchboard.console.playground;

import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.provider.TokenEstimator;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.route.CascadeRoute;
import dev.switchboard.engine.route.ExperimentRoute;
import dev.switchboard.engine.route.Route;
import dev.switchboard.engine.routing.RouteRunner;
import dev.switchboard.engine.route.Routed;
import dev.switchboard.engine.routing.Router;
import dev.switchboard.engine.route.TableRoute;
import dev.switchboard.engine.route.VoteRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The playground's Route panel, free of JavaFX: what a route would do with the prompt being typed (a table's pick
 * and why, with its estimated cost against the premium model's; what a cascade, vote or experiment would call), and
 * what it did with the one sent (the cascade's stage and confidence, the votes and their decision, the arm, the
 * total cost).
 */
public final class RouteView {
    private RouteView() {
    }

    /**
     * What the panel shows before sending.
     *
     * @param choice   the headline: the pick, or what the route calls
     * @param reasons  one line each
     * @param estimate the cost line; empty when there is none to give
     */
    public record Preview(String choice, List<String> reasons, String estimate) {
        public Preview {
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * One vote as the table shows it.
     *
     * @param label what the voter answered, or {@code (failed)}
     */
    public record VoteRow(String model, String label, String cost, String cached) {
    }

    /** {@code auto · table route}. */
    public static String title(Route r) {
        return r.name() + " · " + r.kind() + " route";
    }

    /**
     * A table's pick for {@code request}, decided as the engine would decide it now ({@code d} from
     * {@link RouteRunner#suggest}), with the estimated cost of the pick and of the premium model.
     */
    public static Preview table(TableRoute t, Router.Decision d, ChatRequest request, SwitchboardConfig cfg) {
        String cell = d.profile().taskClass().wireName() + " / " + d.profile().complexity().wireName();
        List<String> reasons = new ArrayList<>(d.reasons());
        Route inner = cfg.routing().route(d.target());
        if (inner != null) {
            reasons.addAll(plan(inner).reasons());
        }
        ModelConfig m = cfg.models().get(d.target());
        int in = TokenEstimator.ofRequest(request);
        int out = request.maxTokens() == null ? Router.ASSUMED_OUTPUT_TOKENS : request.maxTokens();
        ModelConfig premium = RouteRunner.premium(cfg);
        String estimate = "";
        if (m != null) {
            estimate = "Estimated " + usd(m.cost(in, out)) + " for " + in + " + " + out + " tokens";
            if (premium != null && !premium.name().equals(m.name())) {
                estimate += "; the premium " + premium.name() + " would cost " + usd(premium.cost(in, out));
            } else if (premium != null) {
                estimate += " (the premium model)";
            }
        } else if (inner != null) {
            estimate = "Cost depends on how " + inner.name() + " runs (" + inner.kind() + ")";
        }
        return new Preview(d.target() + (inner != null ? " (" + inner.kind() + ")" : "") + "  ·  " + cell,
                reasons, estimate);
    }

    /** What a cascade, vote or experiment would call (for a table, its cells' targets). */
    public static Preview plan(Route r) {
        return switch (r) {
            case CascadeRoute c -> new Preview("Stages: " + String.join(" → ", c.stages()), List.of(
                    String.format(Locale.ROOT, "A stage's answer stands at confidence ≥ %.2f, read from %s",
                            c.threshold(), switch (c.confidence()) {
                                case FIELD -> "the answer's field '" + c.field() + "'";
                                case VERIFIER -> "verifier " + c.verifier();
                                case PARSE -> "whether the answer parsed";
                                case LOGPROBS -> "the provider's log-probabilities";
                            }),
                    "The last stage's answer stands whatever its confidence; every stage called is paid"), "");
            case VoteRoute v -> new Preview("Voters: " + voters(v.voters()), List.of(
                    v.field() == null ? "Votes on the whole answer text" : "Votes on the answer's field '"
                            + v.field() + "'",
                    v.earlyStop() ? "Stops early once the remaining votes could not change the majority"
                            : "Asks every voter"), "");
            case ExperimentRoute e -> new Preview("Arms: a " + e.a() + " · b " + e.b(), List.of(
                    "a: " + e.a() + " for " + (100 - e.bPercent()) + "% of users",
                    "b: " + e.b() + " for " + e.bPercent() + "% of users",
                    "Each user stays on one arm (a hash of the user and the route)"), "");
            case TableRoute t -> new Preview("Table: " + t.targets().size() + " targets, otherwise " + t.otherwise(),
                    List.of(), "");
        };
    }

    /** {@code 5 × gpt-4o-mini}, or {@code gpt-4o-mini, gpt-4o, claude-haiku} when they differ. */
    static String voters(List<String> voters) {
        if (voters.stream().distinct().count() == 1) {
            return voters.size() + " × " + voters.get(0);
        }
        return String.join(", ", voters);
    }

    /** The decision of an answer that came through a route, in one line. */
    public static String decision(Routed how, int stagesOfCascade) {
        StringBuilder sb = new StringBuilder();
        if (how.profile() != null) {
            sb.append(how.profile().taskClass().wireName()).append(" / ").append(how.profile().complexity()
                    .wireName()).append(" → ");
            if (!"table".equals(how.kind())) {
                sb.append(how.route()).append(": ");
            }
        }
        switch (how.kind()) {
            case "cascade" -> {
                sb.append("stage ").append(how.stage());
                if (stagesOfCascade > 0) {
                    sb.append(" of ").append(stagesOfCascade);
                }
                sb.append(" answered (").append(how.model()).append(")");
                sb.append(how.confidence() == null ? ", no confidence measured"
                        : String.format(Locale.ROOT, ", confidence %.2f", how.confidence()));
                if (how.stagesCalled() > 1) {
                    sb.append(", ").append(how.stagesCalled()).append(" stages paid");
                }
            }
            case "vote" -> {
                long agree = how.votes().stream().filter(v -> v.label() != null && v.label().equals(how.decision()))
                        .count();
                sb.append("decision \"").append(shorten(how.decision())).append("\" by ").append(agree).append(" of ")
                        .append(how.votes().size()).append(" votes (answer by ").append(how.model()).append(")");
            }
            case "experiment" -> sb.append("arm ").append(how.arm()).append(" → ").append(how.model());
            default -> sb.append(how.model());
        }
        return sb.toString();
    }

    public static List<VoteRow> votes(Routed how) {
        return how.votes().stream().map(v -> new VoteRow(v.model(), v.label() == null ? "(failed)"
                : shorten(v.label()), usd(v.costUsd()), v.cached() ? "yes" : "no")).toList();
    }

    /** What the answer cost in all (every stage and vote) and what the premium model would have. */
    public static String cost(ChatResult r, String premium) {
        Routed how = r.routed();
        String total = "Total " + usd(r.costUsd());
        if (how.premiumCostUsd() <= 0 || premium == null) {
            return total + (r.costUsd() == 0 ? " (from the cache)" : "");
        }
        double saved = 1 - r.costUsd() / how.premiumCostUsd();
        String versus = total + "; " + premium + " would have cost " + usd(how.premiumCostUsd());
        if (Math.abs(saved) < 0.005) {
            return versus + " (the same)";
        }
        return versus + (saved > 0 ? String.format(Locale.ROOT, " (%.0f%% saved)", 100 * saved)
                : String.format(Locale.ROOT, " (%.0f%% more)", -100 * saved));
    }

    private static String shorten(String s) {
        String one = s == null ? "" : s.replace('\n', ' ');
        return one.length() > 40 ? one.substring(0, 39) + "…" : one;
    }

    static String usd(double v) {
        return dev.switchboard.console.Money.usd(v);
    }
}
