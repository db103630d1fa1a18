package dev.switchboard.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.testsupport.TestConfigs;
import dev.switchboard.workload.Workload;
import dev.switchboard.workload.WorkloadReader;
import dev.switchboard.workload.WorkloadTasks;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replay under the simulator's quality model scores every answer, whichever tier served it. */
class ReplayQualityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUALITY = """
            simulated:
              latency: {median: 0ms, p99: 0ms}
              quality:
                models:
                  gpt-4o-mini: {default: 0.80}
                  gpt-4o: {default: 0.93}
                separation: 1.5
                correlation: 0.5
            """;
    private static final String CLASSIFY = "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"ticket\",\"schema\":"
            + "{\"type\":\"object\",\"required\":[\"category\"],\"properties\":{\"category\":{\"type\":\"string\","
            + "\"enum\":[\"billing\",\"bug\",\"feature\",\"other\"]}}}}}";

    private static SwitchboardConfig config(Path home, String simulated) {
        String yaml = "tiers:\n  l1: {enabled: true, ttl: 5m}\nledger: {enabled: false}\n" + TestConfigs.MODELS
                + simulated;
        return new ConfigLoader(Map.of("SWITCHBOARD_HOME", home.toString())::get).parse(yaml, "test.yaml");
    }

    /** {@code n} distinct prompts over every template, each with its task and complexity, every 4th asked again. */
    private static Workload workload(int n, String model, String responseFormat) throws Exception {
        StringBuilder sb = new StringBuilder();
        int at = 0;
        for (int i = 0; i < n; i++) {
            WorkloadTasks.Template t = WorkloadTasks.TEMPLATES.get(i % WorkloadTasks.TEMPLATES.size());
            ObjectNode line = JSON.createObjectNode().put("at_ms", at++).put("user", "u").put("model", model)
                    .put("prompt", String.format(t.prompt(), "system " + i)).put("intent", "i-" + i)
                    .put("task", t.task().wireName()).put("complexity", t.complexity().wireName());
            if (responseFormat != null) {
                line.set("response_format", JSON.readTree(responseFormat));
            }
            sb.append(line).append('\n');
            if (i % 4 == 0) {
                sb.append(line.put("at_ms", at++)).append('\n');
            }
        }
        return WorkloadReader.read(new StringReader(sb.toString()), "q.jsonl");
    }

    @Test
    void accuracyIsTheConfiguredProbability(@TempDir Path home) throws Exception {
        try (Engine engine = Engine.start(config(home, QUALITY))) {
            ReplayReport r = new ReplayRunner(engine, null).run(workload(2000, "gpt-4o-mini", null),
                    ReplayOptions.maxRate(1));
            assertThat(r.served()).containsEntry(ServedBy.L1, 500L);
            ReplayReport.Quality q = r.quality();
            assertThat(q.scored()).isEqualTo(2500);
            assertThat(q.accuracy()).isCloseTo(0.80, within(0.03));
            assertThat(q.byModel()).containsOnlyKeys("gpt-4o-mini");
            assertThat(q.byModel().get("gpt-4o-mini").requests()).isEqualTo(2500);
            assertThat(q.byModel().get("gpt-4o-mini").costUsd()).isCloseTo(r.costUsd(), within(1e-9));
            assertThat(q.byTask()).hasSize(9);
            assertThat(q.byTask().values().stream().mapToLong(ReplayReport.Score::scored).sum()).isEqualTo(2500);
            JsonNode j = JSON.readTree(r.toJson());
            assertThat(j.path("accuracy").asDouble()).isCloseTo(q.accuracy(), within(1e-4));
            assertThat(j.path("scored").asLong()).isEqualTo(2500);
            assertThat(j.at("/by_model/gpt-4o-mini/requests").asLong()).isEqualTo(2500);
            assertThat(j.at("/by_model/gpt-4o-mini/correct").asLong()).isEqualTo(q.correct());
            assertThat(j.at("/by_model/gpt-4o-mini/cost_usd").asDouble()).isPositive();
            assertThat(j.at("/accuracy_by_task/coding/accuracy").asDouble()).isBetween(0.6, 1.0);
            assertThat(j.at("/accuracy_by_task/math/scored").asLong()).isPositive();
            assertThat(j.path("accuracy_by_complexity").size()).isEqualTo(3);
            assertThat(r.toTable()).contains("accuracy", "gpt-4o-mini", "2,500 requests", "accuracy by task");
        }
    }

    @Test
    void theStrongerModelScoresHigherAndLabelsAreScoredToo(@TempDir Path home) throws Exception {
        try (Engine engine = Engine.start(config(home, QUALITY))) {
            ReplayReport big = new ReplayRunner(engine, null).run(workload(1500, "gpt-4o", null),
                    ReplayOptions.maxRate(8));
            assertThat(big.quality().accuracy()).isCloseTo(0.93, within(0.03));
            ReplayReport labels = new ReplayRunner(engine, null).run(workload(1500, "gpt-4o-mini", CLASSIFY),
                    ReplayOptions.maxRate(8));
            // Broken answers that lost their label and refusals carry nothing to score.
            assertThat(labels.quality().scored()).isGreaterThan(1800);
            assertThat(labels.quality().accuracy()).isCloseTo(0.80, within(0.03));
        }
    }

    @Test
    void withoutAQualityModelNothingIsScored(@TempDir Path home) throws Exception {
        try (Engine engine = Engine.start(config(home, TestConfigs.ZERO_LATENCY))) {
            ReplayReport r = new ReplayRunner(engine, null).run(workload(20, "gpt-4o-mini", null),
                    ReplayOptions.maxRate(1));
            assertThat(r.quality()).isNull();
            assertThat(r.toJson()).doesNotContain("accuracy");
            assertThat(r.toTable()).doesNotContain("accuracy");
        }
    }
}
