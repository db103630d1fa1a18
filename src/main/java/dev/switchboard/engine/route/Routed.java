package dev.switchboard.engine.route;

import java.util.List;

/**
 * How a routed request was answered: the route, what the router made of the request, the model whose answer
 * stands, and why. Carried on the result, shown by the gateway and the playground.
 *
 * @param route          the route the request named
 * @param kind           the kind of route that answered: a table's cell may name a cascade, vote or experiment, whose
 *                       kind this is then
 * @param profile        the classification, for a table route; null for the others
 * @param model          the model whose answer stands (a cascade's answering stage, a vote's first voter of the
 *                       decision)
 * @param reasons        each step of the decision in words ({@code coding/high -> gpt-4o (table)})
 * @param stage          the cascade stage that answered, from 1; 0 for other routes
 * @param stagesCalled   cascade stages called (each paid); 0 for other routes
 * @param confidence     the standing answer's confidence: a cascade stage's, or a vote's share for its decision
 * @param votes          each vote cast, in order; empty for other routes
 * @param decision       a vote's majority answer; null for other routes
 * @param arm            an experiment's arm ({@code a} or {@code b}); null for other routes
 * @param premiumCostUsd what the premium model would have cost for this answer's tokens; 0 when no call was paid
 */
public record Routed(String route, String kind, TaskProfile profile, String model, List<String> reasons, int stage,
                     int stagesCalled, Double confidence, List<Vote> votes, String decision, String arm,
                     double premiumCostUsd) {
    public Routed {
        reasons = List.copyOf(reasons);
        votes = List.copyOf(votes);
    }

    /** The same account under another route's name: a table's, whose cell named the route that answered. */
    public Routed named(String name) {
        return new Routed(name, kind, profile, model, reasons, stage, stagesCalled, confidence, votes, decision, arm,
                premiumCostUsd);
    }

    /**
     * One vote.
     *
     * @param label   what the voter answered (its field's value, or its text); null when its call failed or its
     *                answer had no such field
     * @param failure the failed call's error kind ({@code queue_deadline}, ...); null when the voter answered
     */
    public record Vote(String model, String label, double costUsd, boolean cached, String failure) {
        public Vote(String model, String label, double costUsd, boolean cached) {
            this(model, label, costUsd, cached, null);
        }

        public boolean answered() {
            return failure == null;
        }
    }
}
