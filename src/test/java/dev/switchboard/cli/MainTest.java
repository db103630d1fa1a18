package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheCommands() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("replay");
    }

    @Test
    void replayPrintsTheJsonReport(@TempDir Path dir) throws Exception {
        Path workload = dir.resolve("w.jsonl");
        Files.writeString(workload, """
                {"at_ms": 0, "model": "gpt-4o-mini", "prompt": "hello", "intent": "i-1"}
                {"at_ms": 1, "model": "gpt-4o-mini", "prompt": "hello", "intent": "i-1"}
                {"at_ms": 2, "model": "gpt-4o-mini"
                {"at_ms": 3, "model": "gpt-4o", "prompt": "other", "intent": "i-2"}
                """);
        Run r = run("replay", "--config", "sample-configs/bench.yaml", "--workload", workload.toString(),
                "--max-rate", "--concurrency", "1", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("requests").asLong()).isEqualTo(3);
        assertThat(j.get("hits").get("l1").asLong()).isEqualTo(1);
        assertThat(j.get("misses").asLong()).isEqualTo(2);
        assertThat(j.get("provider_calls").asLong()).isEqualTo(2);
        assertThat(j.get("false_hits").asLong()).isZero();
        assertThat(j.get("upstream_violations").asLong()).isZero();
        for (String field : new String[] {"hit_rate", "cost_usd", "cost_saved_usd", "latency_ms", "wall_s",
                "throughput_rps"}) {
            assertThat(j.has(field)).as(field).isTrue();
        }
        assertThat(j.get("latency_ms").get("l1").has("p99")).isTrue();
        assertThat(r.err()).contains("line 3: not valid JSON");
    }

    @Test
    void badConfigIsOneReadableLine(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "tiers:\n  l2:\n    ttl: -5s\nmodels:\n  m: {version: v1}\n");
        Path workload = dir.resolve("w.jsonl");
        Files.writeString(workload, "");
        Run r = run("replay", "--config", cfg.toString(), "--workload", workload.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("switchboard: config error: " + cfg + ": tiers.l2.ttl: must be positive, got -5s");
    }
}
