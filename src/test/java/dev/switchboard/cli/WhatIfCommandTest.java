package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard whatif}: the comparison as a table or JSON, and bad input refused naming the option. */
class WhatIfCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;
    Path current;
    Path draft;
    Path workload;

    private CliRun run(String... args) {
        return CliRun.of(home, args);
    }

    @BeforeEach
    void files() throws Exception {
        current = home.resolve("current.yaml");
        draft = home.resolve("draft.yaml");
        workload = home.resolve("w.jsonl");
        Files.writeString(current, "tiers:\n  l1: {enabled: true, ttl: 5m}\n  l3: {enabled: false}\n"
                + "ledger: {enabled: false}\n" + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY);
        Files.writeString(draft, Files.readString(current).replace("ttl: 5m", "ttl: 1s"));
        assertThat(run("workload", "generate", "--requests", "300", "--duration", "30s", "--seed", "4",
                "--out", workload.toString()).code()).isZero();
    }

    @Test
    void printsTheComparisonAsATableOrJson() throws Exception {
        CliRun table = run("whatif", "--workload", workload.toString(), "--config", current.toString(),
                "--proposed", draft.toString(), "--concurrency", "1");
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).contains("What-if on " + workload + ": 300 requests")
                .containsPattern("\\* hit_rate +\\d").contains("hit_rate.l1").contains("cost_usd")
                .contains("latency_ms.p95").contains("Timeline: 30 points of 1 s");

        CliRun json = run("whatif", "--workload", workload.toString(), "--config", current.toString(),
                "--proposed", draft.toString(), "--concurrency", "1", "--json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode o = JSON.readTree(json.out());
        assertThat(o.get("requests").asInt()).isEqualTo(300);
        assertThat(o.get("current").get("requests").asInt()).isEqualTo(300);
        assertThat(o.get("proposed").get("requests").asInt()).isEqualTo(300);
        assertThat(o.get("timeline").get("points")).hasSize(30);
        JsonNode rate = null;
        for (JsonNode d : o.get("differences")) {
            if (d.get("metric").asText().equals("hit_rate")) {
                rate = d;
            }
        }
        assertThat(rate).isNotNull();
        assertThat(rate.get("delta").asDouble()).as("a 1 s TTL over 30 s of traffic").isNegative();
        assertThat(rate.get("current").asDouble()).isCloseTo(o.get("current").get("hit_rate").asDouble(),
                org.assertj.core.api.Assertions.within(1e-4));
    }

    @Test
    void refusesBadInputNamingTheOption() throws Exception {
        CliRun noDraft = run("whatif", "--workload", workload.toString(), "--config", current.toString());
        assertThat(noDraft.code()).isEqualTo(2);
        assertThat(noDraft.err()).contains("--proposed");

        CliRun missing = run("whatif", "--workload", workload.toString(), "--config", current.toString(),
                "--proposed", home.resolve("nope.yaml").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("switchboard: whatif --proposed " + home.resolve("nope.yaml")
                + ": no such file");

        Files.writeString(home.resolve("bad.yaml"), Files.readString(current).replace("ttl: 5m", "ttl: soon"));
        CliRun bad = run("whatif", "--workload", workload.toString(), "--config", current.toString(),
                "--proposed", home.resolve("bad.yaml").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("switchboard: whatif --proposed: ").contains("bad.yaml")
                .contains("tiers.l1.ttl").doesNotContain("\n\n");

        CliRun workers = run("whatif", "--workload", workload.toString(), "--config", current.toString(),
                "--proposed", draft.toString(), "--concurrency", "0");
        assertThat(workers.code()).isEqualTo(2);
        assertThat(workers.err().strip()).isEqualTo("switchboard: whatif --concurrency 0: must be between 1 and 10000");

        CliRun noWorkload = run("whatif", "--workload", home.resolve("none.jsonl").toString(), "--config",
                current.toString(), "--proposed", draft.toString());
        assertThat(noWorkload.code()).isEqualTo(2);
        assertThat(noWorkload.err().strip()).isEqualTo("switchboard: whatif --workload " + home.resolve("none.jsonl")
                + ": no such file");

        Files.writeString(home.resolve("empty.jsonl"), "\n");
        CliRun empty = run("whatif", "--workload", home.resolve("empty.jsonl").toString(), "--config",
                current.toString(), "--proposed", draft.toString());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("--workload").contains("has no usable lines");
    }
}
