package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard route}: each target replayed and scored by the quality model, the threshold curve, votes with
 * and without early stop, the router's own cost, and bad options refused naming them.
 */
class RouteCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;
    Path config;
    Path tasks;
    Path schema;

    private CliRun run(String... args) {
        return CliRun.of(home, args);
    }

    @BeforeEach
    void files() throws Exception {
        config = Path.of("sample-configs/routing.yaml").toAbsolutePath();
        tasks = home.resolve("tasks.jsonl");
        schema = home.resolve("schema.jsonl");
        assertThat(run("workload", "generate", "--requests", "400", "--tasks", "--distinct", "--duration", "10m",
                "--seed", "3", "--out", tasks.toString()).code()).isZero();
        assertThat(run("workload", "generate", "--requests", "200", "--schema", "1.0", "--distinct", "--duration",
                "10m", "--seed", "5", "--out", schema.toString()).code()).isZero();
    }

    @Test
    void evalScoresEachTargetAndTheCascadeCostsLessThanThePremiumModel() throws Exception {
        CliRun r = run("route", "eval", "--config", config.toString(), "--workload", tasks.toString(),
                "--targets", "gpt-4o,gpt-4o-mini,cheap-first", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode rows = JSON.readTree(r.out());
        assertThat(rows).hasSize(3);
        JsonNode premium = rows.get(0);
        JsonNode mini = rows.get(1);
        JsonNode cascade = rows.get(2);
        for (JsonNode row : rows) {
            assertThat(row.get("requests").asInt()).isEqualTo(400);
            assertThat(row.get("scored").asInt()).isEqualTo(400);
            assertThat(row.get("failed").asInt()).isZero();
        }
        assertThat(mini.get("accuracy").asDouble()).isLessThan(premium.get("accuracy").asDouble());
        assertThat(cascade.get("cost_usd").asDouble()).isLessThan(premium.get("cost_usd").asDouble());
        assertThat(cascade.get("calls").asInt()).isBetween(401, 799);
        assertThat(cascade.get("answers_by_model").get("gpt-4o-mini").asInt()
                + cascade.get("answers_by_model").get("gpt-4o").asInt()).isEqualTo(400);
    }

    @Test
    void aHigherThresholdSendsMoreToTheSecondStage() throws Exception {
        CliRun r = run("route", "sweep", "--config", config.toString(), "--workload", tasks.toString(),
                "--route", "auto", "--thresholds", "0.5,0.9", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = JSON.readTree(r.out());
        JsonNode curve = j.get("curve");
        assertThat(curve).hasSize(2);
        assertThat(curve.get(0).get("cheap_share").asDouble()).isGreaterThan(curve.get(1).get("cheap_share").asDouble());
        assertThat(curve.get(0).get("cost_usd").asDouble()).isLessThan(curve.get(1).get("cost_usd").asDouble());
        assertThat(curve.get(1).get("cost_per_week_usd").asDouble()).isPositive();
    }

    @Test
    void votesWithEarlyStopCostLessAndDecideTheSame() throws Exception {
        CliRun r = run("route", "votes", "--config", config.toString(), "--workload", schema.toString(),
                "--route", "sentiment-vote", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("left out");
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("calls_early").asLong()).isLessThan(j.get("calls_all").asLong());
        assertThat(j.get("same_decision").asDouble()).isEqualTo(1.0);
    }

    @Test
    void benchReportsTheRoutersOwnCost() throws Exception {
        CliRun r = run("route", "bench", "--config", config.toString(), "--workload", tasks.toString(),
                "--route", "auto", "--rounds", "6", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("decisions").asInt()).isEqualTo(400);
        assertThat(j.get("p50_us").asDouble()).isPositive();
    }

    @Test
    void badOptionsAreRefusedNamingThem() {
        CliRun r = run("route", "eval", "--config", config.toString(), "--workload", tasks.toString(),
                "--targets", "gpt-5");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--targets gpt-5").contains("neither a model nor a route");
        r = run("route", "sweep", "--config", config.toString(), "--workload", tasks.toString(), "--route",
                "haiku-trial");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--route").contains("not a cascade");
        r = run("route", "sweep", "--config", config.toString(), "--workload", tasks.toString(), "--route",
                "cheap-first", "--thresholds", "1.5");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--thresholds 1.5").contains("between 0 and 1");
        r = run("route", "votes", "--config", config.toString(), "--workload", tasks.toString(), "--route", "auto");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("not a vote route");
        r = run("route", "eval", "--config", config.toString(), "--workload", home.resolve("none.jsonl").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no such file");
    }
}
