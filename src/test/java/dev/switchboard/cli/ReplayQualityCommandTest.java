package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code replay} under a quality model: a generated mixed-task workload scored in the table and in --json. */
class ReplayQualityCommandTest {
    @Test
    void replayReportsAccuracyPerModelAndTask(@TempDir Path home) throws Exception {
        Path cfg = home.resolve("q.yaml");
        Files.writeString(cfg, """
                tiers:
                  l1: {enabled: true, ttl: 5m}
                ledger: {enabled: false}
                models:
                  gpt-4o-mini: {version: "2024-07-18", input_per_1m: 0.15, output_per_1m: 0.60}
                  gpt-4o: {version: "2024-08-06", input_per_1m: 2.50, output_per_1m: 10.00}
                simulated:
                  latency: {median: 0ms, p99: 0ms}
                  quality:
                    models:
                      gpt-4o-mini: {default: 0.80}
                      gpt-4o: {default: 0.93}
                """);
        Path w = home.resolve("w.jsonl");
        CliRun gen = CliRun.of(home, "workload", "generate", "--out", w.toString(), "--requests", "3000", "--rate",
                "1000", "--tasks", "--distinct", "--models", "gpt-4o-mini=0.5,gpt-4o=0.5", "--seed", "11");
        assertThat(gen.code()).as(gen.err()).isZero();

        CliRun json = CliRun.of(home, "replay", "--config", cfg.toString(), "--workload", w.toString(),
                "--max-rate", "--json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(json.out());
        assertThat(j.path("scored").asLong()).isEqualTo(3000);
        long mini = j.at("/by_model/gpt-4o-mini/requests").asLong();
        long big = j.at("/by_model/gpt-4o/requests").asLong();
        assertThat(mini + big).isEqualTo(3000);
        assertThat(j.path("accuracy").asDouble()).isCloseTo((0.80 * mini + 0.93 * big) / 3000, within(0.03));
        assertThat(j.at("/by_model/gpt-4o-mini/accuracy").asDouble()).isCloseTo(0.80, within(0.03));
        assertThat(j.at("/by_model/gpt-4o/accuracy").asDouble()).isCloseTo(0.93, within(0.03));
        assertThat(j.at("/by_model/gpt-4o/cost_usd").asDouble())
                .isGreaterThan(j.at("/by_model/gpt-4o-mini/cost_usd").asDouble());
        assertThat(j.path("accuracy_by_task").size()).isEqualTo(9);

        CliRun table = CliRun.of(home, "replay", "--config", cfg.toString(), "--workload", w.toString(),
                "--max-rate");
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).contains("accuracy", "correct of 3,000 scored", "gpt-4o-mini", "accuracy by task");
    }
}
