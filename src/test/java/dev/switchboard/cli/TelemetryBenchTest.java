package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard bench telemetry}: every variant measured, spans really exported, bad options refused. */
class TelemetryBenchTest {
    @TempDir
    Path home;

    private CliRun run(String... args) {
        return CliRun.of(home, args);
    }

    @Test
    void eachVariantIsMeasuredAndTheTracedOnesExportOverOtlp() throws Exception {
        Path config = home.resolve("bench.yaml");
        Files.writeString(config, TestConfigs.L1_ONLY + "ledger: {enabled: false}\n");
        Path workload = home.resolve("w.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            lines.append("{\"at_ms\":0,\"model\":\"gpt-4o-mini\",\"prompt\":\"question ").append(i % 20)
                    .append("\",\"intent\":\"i-").append(i % 20).append("\"}\n");
        }
        Files.writeString(workload, lines);
        CliRun r = run("bench", "telemetry", "--config", config.toString(), "--workload", workload.toString(),
                "--rounds", "2", "--runs-per-block", "1", "--concurrency", "4", "--sampling", "1");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("rounds").asInt()).isEqualTo(2);
        assertThat(j.get("rps_median").size()).isEqualTo(3);
        assertThat(j.get("over_off").get("off").asDouble()).isEqualTo(1.0);
        assertThat(j.get("over_off").get("metrics_trace_100.0%").asDouble()).isPositive();
        // Every request of the traced variant made a span; they reached the receiver over HTTP.
        assertThat(j.get("otlp_exports").asLong()).isPositive();
        assertThat(j.get("otlp_bytes").asLong()).isPositive();
    }

    @Test
    void aRatioOutsideZeroToOneIsRefusedNamingTheOption() {
        CliRun r = run("bench", "telemetry", "--workload", "w.jsonl", "--sampling", "0.1,1.5");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--sampling").contains("between 0 and 1");
    }
}
