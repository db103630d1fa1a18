package dev.switchboard.console.playground;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.cost.BudgetCheck;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.route.CascadeRoute;
import dev.switchboard.engine.route.Complexity;
import dev.switchboard.engine.route.Confidence;
import dev.switchboard.engine.route.ExperimentRoute;
import dev.switchboard.engine.route.Routed;
import dev.switchboard.engine.routing.Router;
import dev.switchboard.engine.route.TableRoute;
import dev.switchboard.engine.route.TaskClass;
import dev.switchboard.engine.route.TaskProfile;
import dev.switchboard.engine.route.VoteRoute;
import dev.switchboard.testsupport.TestConfigs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteViewTest {
    private static final TaskProfile MATH = new TaskProfile(TaskClass.MATH, Complexity.HIGH, List.of());

    private static Routed routed(String route, String kind, TaskProfile p, String model, int stage, Double conf,
                                 List<Routed.Vote> votes, String decision, String arm) {
        return new Routed(route, kind, p, model, List.of(), stage, stage, conf, votes, decision, arm, 0.001);
    }

    @Test
    void eachKindsDecisionInOneLine() {
        assertThat(RouteView.decision(routed("auto", "table", MATH, "gpt-4o", 0, null, List.of(), null, null), 0))
                .isEqualTo("math / high → gpt-4o");
        assertThat(RouteView.decision(routed("cheap", "cascade", null, "gpt-4o", 2, 0.42, List.of(), null, null), 2))
                .isEqualTo("stage 2 of 2 answered (gpt-4o), confidence 0.42, 2 stages paid");
        // A table's cell naming a cascade: the cell, then the cascade.
        assertThat(RouteView.decision(routed("cheap", "cascade", MATH, "gpt-4o-mini", 1, null, List.of(), null,
                null), 3)).isEqualTo("math / high → cheap: stage 1 of 3 answered (gpt-4o-mini), no confidence measured");
        List<Routed.Vote> votes = List.of(new Routed.Vote("m", "yes", 0.00001, false),
                new Routed.Vote("m", "no", 0.00001, true), new Routed.Vote("m", null, 0, false),
                new Routed.Vote("m", "yes", 0.00001, false));
        assertThat(RouteView.decision(routed("v", "vote", null, "m", 0, 0.67, votes, "yes", null), 0))
                .isEqualTo("decision \"yes\" by 2 of 4 votes (answer by m)");
        assertThat(RouteView.votes(routed("v", "vote", null, "m", 0, 0.67, votes, "yes", null)))
                .extracting(RouteView.VoteRow::label, RouteView.VoteRow::cached)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("yes", "no"),
                        org.assertj.core.groups.Tuple.tuple("no", "yes"),
                        org.assertj.core.groups.Tuple.tuple("(failed)", "no"),
                        org.assertj.core.groups.Tuple.tuple("yes", "no"));
        assertThat(RouteView.decision(routed("ab", "experiment", null, "gpt-4o", 0, null, List.of(), null, "b"), 0))
                .isEqualTo("arm b → gpt-4o");
    }

    @Test
    void plansSayWhatACascadeAVoteAndAnExperimentWouldCall() {
        var cascade = RouteView.plan(new CascadeRoute("c", List.of("a", "b", "c"), 0.7, Confidence.VERIFIER, null,
                "judge"));
        assertThat(cascade.choice()).isEqualTo("Stages: a → b → c");
        assertThat(cascade.reasons().get(0)).isEqualTo("A stage's answer stands at confidence ≥ 0.70, read from "
                + "verifier judge");
        assertThat(RouteView.plan(new VoteRoute("v", List.of("a", "b", "a"), null, false)).choice())
                .isEqualTo("Voters: a, b, a");
        assertThat(RouteView.plan(new VoteRoute("v", List.of("a", "a", "a"), "label", true)).reasons())
                .containsExactly("Votes on the answer's field 'label'",
                        "Stops early once the remaining votes could not change the majority");
        assertThat(RouteView.plan(new ExperimentRoute("e", "a", "b", 25)).reasons())
                .startsWith("a: a for 75% of users", "b: b for 25% of users");
    }

    @Test
    void aTablesPreviewNamesThePickTheCellAndTheCostAgainstThePremiumModel() {
        SwitchboardConfig cfg = TestConfigs.parse(TestConfigs.L1_ONLY + """
                routing:
                  premium: gpt-4o
                  routes:
                    auto: {kind: table, otherwise: gpt-4o-mini, table: {coding: gpt-4o}}
                """);
        TableRoute t = (TableRoute) cfg.routing().route("auto");
        ChatRequest r = ChatRequest.builder().model("auto").prompt("Hi! How are you today?").maxTokens(100).build();
        Router.Decision d = new Router().decide(t, r, cfg, BudgetCheck.OK, m -> true);
        RouteView.Preview p = RouteView.table(t, d, r, cfg);
        assertThat(p.choice()).isEqualTo("gpt-4o-mini  ·  chat / low");
        assertThat(p.reasons().get(0)).startsWith("chat/low -> gpt-4o-mini (otherwise)");
        assertThat(p.estimate()).matches("Estimated \\$0\\.0000\\d+ for \\d+ \\+ 100 tokens; the premium gpt-4o "
                + "would cost \\$0\\.00\\d+");
        assertThat(Map.of("title", RouteView.title(t))).containsEntry("title", "auto · table route");
    }
}
