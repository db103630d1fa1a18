package dev.switchboard.console.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.route.CascadeRoute;
import dev.switchboard.engine.route.Complexity;
import dev.switchboard.engine.route.Confidence;
import dev.switchboard.engine.route.ExperimentRoute;
import dev.switchboard.engine.routing.RoutingSnapshot;
import dev.switchboard.engine.route.TableRoute;
import dev.switchboard.engine.route.TaskClass;
import dev.switchboard.engine.route.VoteRoute;
import dev.switchboard.testsupport.TestConfigs;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Routing tab's rules without a screen: fields as typed into a route, or the field and the reason. */
class RouteFormTest {
    private static final SwitchboardConfig CFG = TestConfigs.parse(TestConfigs.L1_ONLY + """
            routing:
              premium: gpt-4o
              routes:
                auto: {kind: table, otherwise: gpt-4o-mini, table: {coding: {high: gpt-4o}}, max_usd_per_1m: 5}
                other-table: {kind: table, otherwise: gpt-4o}
                cheap-first: {kind: cascade, stages: [gpt-4o-mini, gpt-4o], threshold: 0.5, confidence: parse}
                ab: {kind: experiment, a: gpt-4o-mini, b: gpt-4o, b_percent: 30}
                five: {kind: vote, voters: [gpt-4o-mini, gpt-4o-mini, gpt-4o-mini], field: label, early_stop: true}
            """);

    private static TableRoute auto() {
        return (TableRoute) CFG.routing().route("auto");
    }

    private static Map<TaskClass, Map<Complexity, String>> cells(TableRoute t) {
        Map<TaskClass, Map<Complexity, String>> m = new EnumMap<>(TaskClass.class);
        for (TaskClass c : TaskClass.values()) {
            Map<Complexity, String> row = new EnumMap<>(Complexity.class);
            for (Complexity x : Complexity.values()) {
                row.put(x, t.written(c, x) ? t.target(c, x) : "");
            }
            m.put(c, row);
        }
        return m;
    }

    @Test
    void aTableAsLoadedIsTheSameRouteAndACellEditChangesOnlyThatCell() {
        TableRoute t = auto();
        RouteForm.Result same = RouteForm.table(CFG, t, cells(t), t.otherwise(), RouteForm.plain(t.maxUsdPerRequest()),
                RouteForm.plain(t.maxUsdPer1M()), "");
        assertThat(same.valid()).isTrue();
        assertThat(same.route()).isEqualTo(t);
        var edited = cells(t);
        edited.get(TaskClass.MATH).put(Complexity.HIGH, " cheap-first ");
        RouteForm.Result r = RouteForm.table(CFG, t, edited, "gpt-4o-mini", "$0.01", "5", "gpt-4o-mini");
        TableRoute e = (TableRoute) r.route();
        assertThat(e.target(TaskClass.MATH, Complexity.HIGH)).isEqualTo("cheap-first");
        assertThat(e.written(TaskClass.MATH, Complexity.LOW)).isFalse();
        assertThat(e.maxUsdPerRequest()).isEqualTo(0.01);
        assertThat(e.fastModel()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void badTableFieldsNameTheField() {
        TableRoute t = auto();
        var c = cells(t);
        c.get(TaskClass.CHAT).put(Complexity.LOW, "other-table");
        RouteForm.Result r = RouteForm.table(CFG, t, c, "gpt-4o-mini", "", "", "");
        assertThat(r.field()).isEqualTo("table.chat.low");
        assertThat(r.error()).isEqualTo("routing.routes.auto.table.chat.low: 'other-table' is a table; a table may "
                + "name models, cascades, votes and experiments, not tables");
        assertThat(RouteForm.table(CFG, t, cells(t), " ", "", "", "").error())
                .isEqualTo("routing.routes.auto.otherwise: is required: the target of every blank cell");
        assertThat(RouteForm.table(CFG, t, cells(t), "gpt-4o-mini", "-1", "", "").error())
                .isEqualTo("routing.routes.auto.max_usd_per_request: must be more than 0 (blank for no ceiling), "
                        + "got -1");
        assertThat(RouteForm.table(CFG, t, cells(t), "gpt-4o-mini", "", "lots", "").error())
                .isEqualTo("routing.routes.auto.max_usd_per_1m: expected dollars such as 0.002, or blank for no "
                        + "ceiling, got 'lots'");
        assertThat(RouteForm.table(CFG, t, cells(t), "gpt-4o-mini", "", "", "ab").error())
                .isEqualTo("routing.routes.auto.fast_model: unknown model 'ab'; known: gpt-4o-mini, gpt-4o");
    }

    @Test
    void cascadeVoteAndExperimentFields() {
        CascadeRoute c = (CascadeRoute) CFG.routing().route("cheap-first");
        assertThat(RouteForm.cascade(CFG, c, "0.85", Confidence.PARSE, "", "").route())
                .isEqualTo(c.withThreshold(0.85));
        assertThat(RouteForm.cascade(CFG, c, "1.5", Confidence.PARSE, "", "").error())
                .isEqualTo("routing.routes.cheap-first.threshold: must be between 0 and 1, got 1.5");
        assertThat(RouteForm.cascade(CFG, c, "0.5", Confidence.FIELD, " ", "").field()).isEqualTo("field");
        assertThat(RouteForm.cascade(CFG, c, "0.5", Confidence.VERIFIER, "", "gpt-5").error())
                .isEqualTo("routing.routes.cheap-first.verifier: unknown model 'gpt-5'; known: gpt-4o-mini, gpt-4o");
        // A field left from another source is not kept.
        assertThat(((CascadeRoute) RouteForm.cascade(CFG, c, "0.5", Confidence.VERIFIER, "confidence", "gpt-4o")
                .route()).field()).isNull();

        VoteRoute v = (VoteRoute) CFG.routing().route("five");
        assertThat(RouteForm.vote(CFG, v, " ", false).route())
                .isEqualTo(new VoteRoute("five", v.voters(), null, false));

        ExperimentRoute e = (ExperimentRoute) CFG.routing().route("ab");
        assertThat(RouteForm.experiment(CFG, e, "gpt-4o-mini", "gpt-4o", "45%").route()).isEqualTo(e.withSplit(45));
        assertThat(RouteForm.experiment(CFG, e, "gpt-4o", "gpt-4o", "45").error())
                .isEqualTo("routing.routes.ab.b: must differ from a ('gpt-4o'): an experiment compares two models");
        assertThat(RouteForm.experiment(CFG, e, "gpt-4o-mini", "gpt-4o", "101").error())
                .isEqualTo("routing.routes.ab.b_percent: must be between 0 and 100, got 101");
    }

    @Test
    void numbersAsTheFieldsShowThem() {
        assertThat(RouteForm.threshold(0.5)).isEqualTo("0.50");
        assertThat(RouteForm.threshold(1)).isEqualTo("1.00");
        assertThat(RouteForm.threshold(0.125)).isEqualTo("0.125");
        assertThat(RouteForm.plain(0.0005)).isEqualTo("0.0005");
        assertThat(RouteForm.plain(null)).isEmpty();
    }

    @Test
    void figuresInTheTabsWords() {
        RoutingSnapshot s = new RoutingSnapshot("gpt-4o", 10, 1, Map.of("gpt-4o-mini", 8L, "gpt-4o", 2L), 0.04,
                0.01, List.of());
        assertThat(RouteFigures.premium(s, true))
                .isEqualTo("Premium model gpt-4o · saved 75% ($0.03 of $0.04) over 10 routed requests");
        assertThat(RouteFigures.premium(RoutingSnapshot.empty(), false)).startsWith("No routes configured");
        assertThat(RouteFigures.lines(CFG.routing(), s)).extracting(RouteFigures.Line::name)
                .containsExactly("auto", "other-table", "cheap-first", "ab", "five");
        var a = new RoutingSnapshot.Arm("a", "gpt-4o-mini", 70, 0, 0.007, 700, 0, 0);
        var b = new RoutingSnapshot.Arm("b", "gpt-4o", 30, 3, 0.09, 600, 0, 0);
        List<RouteFigures.ArmRow> rows = RouteFigures.compare(a, b);
        assertThat(rows).extracting(RouteFigures.ArmRow::better).containsExactly(0, -1, 0, -1, -1);
        assertThat(rows.get(1).b()).isEqualTo("9.1%");
        assertThat(rows.get(3).a()).isEqualTo("10");
    }
}
