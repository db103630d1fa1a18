package dev.switchboard.engine.routing;


import java.util.List;
import java.util.Map;

/**
 * What the routes have done since the engine started, for the console's routing tile and the Routing tab.
 *
 * @param premium        the model savings are measured against; null when no model is configured as premium and
 *                       none is priced
 * @param models         answers that stood, per model (a cascade's answering stage, a vote's decision's model)
 * @param premiumCostUsd what the premium model would have cost for the routed answers that paid a call
 * @param costUsd        what those routed answers cost, every stage and vote included
 */
public record RoutingSnapshot(String premium, long requests, long failures, Map<String, Long> models,
                              double premiumCostUsd, double costUsd, List<RouteRow> routes) {
    public RoutingSnapshot {
        models = Map.copyOf(models);
        routes = List.copyOf(routes);
    }

    public static RoutingSnapshot empty() {
        return new RoutingSnapshot(null, 0, 0, Map.of(), 0, 0, List.of());
    }

    /** The saving against always asking the premium model, as a share of its cost; 0 before any paid answer. */
    public double savingShare() {
        return premiumCostUsd <= 0 ? 0 : 1 - costUsd / premiumCostUsd;
    }

    /**
     * One route's counts.
     *
     * @param byStage   a cascade's answers per stage (index 0 = stage 1); empty for other kinds
     * @param votesCast a vote route's calls; {@code stoppedEarly} its requests decided before the last voter
     * @param arms      an experiment's two arms, a then b; empty for other kinds
     */
    public record RouteRow(String name, String kind, long requests, long failures, double costUsd,
                           List<Long> byStage, long votesCast, long stoppedEarly, List<Arm> arms) {
        public RouteRow {
            byStage = List.copyOf(byStage);
            arms = List.copyOf(arms);
        }
    }

    /**
     * An experiment arm's figures, to compare the two.
     *
     * @param parsed       answers that parsed as their schema expected; {@code unparsed} those that did not
     */
    public record Arm(String arm, String model, long requests, long errors, double costUsd, double latencySumMs,
                      long parsed, long unparsed) {
        public double meanLatencyMs() {
            return requests == 0 ? 0 : latencySumMs / requests;
        }

        public double errorRate() {
            return requests + errors == 0 ? 0 : (double) errors / (requests + errors);
        }

        public double parseRate() {
            return parsed + unparsed == 0 ? Double.NaN : (double) parsed / (parsed + unparsed);
        }

        public double meanCostUsd() {
            return requests == 0 ? 0 : costUsd / requests;
        }
    }
}
