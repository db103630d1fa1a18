package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
    private record Run(int code, String out, String err) {
    }

    /** Each test's own SWITCHBOARD_HOME: the default config and any embedded database go there. */
    @TempDir
    Path home;

    private Run run(String... args) {
        CommandLine cl = Main.commandLine(Map.of("SWITCHBOARD_HOME", home.toString())::get);
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

    private static final String BENCH = "sample-configs/bench.yaml";

    /** One line on stderr, the exit code for bad input. */
    private static void refusedWithOneLine(Run r, String line) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo(line);
        assertThat(r.out()).isEmpty();
    }

    private static Path workload(Path dir, String text) throws Exception {
        Path w = dir.resolve("w.jsonl");
        Files.writeString(w, text);
        return w;
    }

    @Test
    void replaySkipsALineThatIsNotUtf8AndCountsIt(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write("{\"model\": \"gpt-4o-mini\", \"prompt\": \"one\"}\n{\"model\": \"gpt-4o-mini\", \"prompt\": \""
                .getBytes(StandardCharsets.UTF_8));
        bytes.write(0xC3);
        bytes.write("\"}\n{\"model\": \"gpt-4o-mini\", \"prompt\": \"three\"}\n".getBytes(StandardCharsets.UTF_8));
        Path w = dir.resolve("w.jsonl");
        Files.write(w, bytes.toByteArray());
        Run r = run("replay", "--config", BENCH, "--workload", w.toString(), "--max-rate", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("requests").asLong()).isEqualTo(2);
        assertThat(j.get("skipped_lines").asLong()).isEqualTo(1);
        assertThat(r.err()).contains(w + ": skipped line 2: not valid UTF-8: byte 0xC3");
    }

    @Test
    void replayRefusesATimelineLongerThanSevenDays(@TempDir Path dir) throws Exception {
        Path w = workload(dir, """
                {"at_ms": 0, "model": "gpt-4o-mini", "prompt": "a"}
                {"at_ms": 1000000000000, "model": "gpt-4o-mini", "prompt": "b"}
                """);
        refusedWithOneLine(run("replay", "--config", BENCH, "--workload", w.toString()),
                "switchboard: replay " + w + " line 2: at_ms 1000000000000 is 31.7 years after the first request; "
                        + "at --speed 1 the replay would take 31.7 years, more than the 7-day limit: fix the line, "
                        + "raise --speed or use --max-rate");
        Path shortOne = workload(dir, """
                {"at_ms": 0, "model": "gpt-4o-mini", "prompt": "a"}
                {"at_ms": 5000, "model": "gpt-4o-mini", "prompt": "b"}
                """);
        refusedWithOneLine(run("replay", "--config", BENCH, "--workload", shortOne.toString(), "--speed", "1e-9"),
                "switchboard: replay --speed 1.0E-9: the workload's 5.0 s timeline would take 158.4 years to replay, "
                        + "more than the 7-day limit");
    }

    @Test
    void replayRefusesAConcurrencyPastTheMaximum(@TempDir Path dir) throws Exception {
        Path w = workload(dir, "{\"model\": \"gpt-4o-mini\", \"prompt\": \"a\"}\n");
        for (String n : new String[] {"2147483647", "50000000", "0"}) {
            refusedWithOneLine(run("replay", "--config", BENCH, "--workload", w.toString(), "--max-rate",
                    "--concurrency", n), "switchboard: replay --concurrency " + n + ": must be between 1 and 10000");
        }
        Run ok = run("replay", "--config", BENCH, "--workload", w.toString(), "--max-rate", "--concurrency", "10000",
                "--json");
        assertThat(ok.code()).as(ok.err()).isZero();
    }

    @Test
    void badOptionValuesAreOneLine() {
        Run r = run("replay", "--workload", "w.jsonl", "--concurrency", "many");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("switchboard: replay Invalid value for option '--concurrency'")
                .doesNotContain("\n");
    }

    @Test
    void benchLedgerRefusesZeroThreadsAndNegativeEvents() {
        refusedWithOneLine(run("bench", "ledger", "--threads", "0"),
                "switchboard: bench ledger --threads 0: must be between 1 and 256");
        refusedWithOneLine(run("bench", "ledger", "--events", "-5"),
                "switchboard: bench ledger --events -5: must be at least 1");
    }

    @Test
    void benchConsoleRefusesZeroRounds(@TempDir Path dir) throws Exception {
        Path w = workload(dir, "");
        refusedWithOneLine(run("bench", "console", "--workload", w.toString(), "--rounds", "0"),
                "switchboard: bench console --rounds 0: must be at least 1");
    }

    @Test
    void benchConsoleWritesNullForAFigureThatIsNotANumber() throws Exception {
        JsonNode j = new ObjectMapper().readTree(BenchCommand.Console.summary("w.jsonl", "dashboard", "max", 1, 1,
                0, 0, "{\"pulses\": 0}"));
        assertThat(j.get("console_over_headless").isNull()).isTrue();
        assertThat(j.get("headless_rps_median").asDouble()).isZero();
        assertThat(j.get("fx").get("pulses").asInt()).isZero();
        assertThat(BenchCommand.Console.summary("w", "requests", "1", 1, 1, 1000, 950, "{}"))
                .doesNotContain("NaN", "Infinity").contains("\"console_over_headless\":0.95")
                .contains("\"tab\":\"requests\"");
    }

    @Test
    void benchConsoleRefusesAnUnknownTabAndABadSpeed(@TempDir Path dir) throws Exception {
        Path w = workload(dir, "");
        refusedWithOneLine(run("bench", "console", "--workload", w.toString(), "--tab", "nope"),
                "switchboard: bench console --tab nope: no such tab; expected one of "
                        + String.join(", ", dev.switchboard.console.MainController.TABS));
        refusedWithOneLine(run("bench", "console", "--workload", w.toString(), "--speed", "fast"),
                "switchboard: bench console --speed fast: expected a positive factor or max");
    }

    @Test
    void screenshotRefusesAnUnknownTabAndABadSize(@TempDir Path dir) {
        String png = dir.resolve("s.png").toString();
        refusedWithOneLine(run("screenshot", "--out", png, "--tab", "nonsense"),
                "switchboard: screenshot --tab nonsense: no such tab; expected one of dashboard, traffic, cache, "
                        + "semantic, playground, limits, resilience, costs, budgets, keys, parsing, guardrails, alerts, "
                        + "routing, requests, inspector");
        String rule = ": expected WIDTHxHEIGHT such as 1340x880, each side between 200 and 7680 pixels";
        refusedWithOneLine(run("screenshot", "--out", png, "--size", "0x0"), "switchboard: screenshot --size 0x0" + rule);
        refusedWithOneLine(run("screenshot", "--out", png, "--size", "99999x880"),
                "switchboard: screenshot --size 99999x880" + rule);
        refusedWithOneLine(run("screenshot", "--out", png, "--size", "big"), "switchboard: screenshot --size big" + rule);
        assertThat(dir.resolve("s.png")).doesNotExist();
    }

    @Test
    void anUnreadableWorkloadIsNamedWithTheReason(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.jsonl");
        refusedWithOneLine(run("replay", "--config", BENCH, "--workload", missing.toString()),
                "switchboard: replay --workload " + missing + ": no such file");
        refusedWithOneLine(run("replay", "--config", BENCH, "--workload", dir.toString()),
                "switchboard: replay --workload " + dir + ": is a directory, not a file");
        refusedWithOneLine(run("bench", "console", "--workload", dir.toString()),
                "switchboard: bench console --workload " + dir + ": is a directory, not a file");
        refusedWithOneLine(run("screenshot", "--out", dir.resolve("s.png").toString(), "--after-replay", dir.toString()),
                "switchboard: screenshot --after-replay " + dir + ": is a directory, not a file");
        Path locked = workload(dir, "{}\n");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(locked), "running as root: every file is readable");
        refusedWithOneLine(run("replay", "--config", BENCH, "--workload", locked.toString()),
                "switchboard: replay --workload " + locked + ": not readable (permission denied)");
    }

    @Test
    void outIntoAMissingDirectoryIsRefusedAndNoDirectoryIsCreated(@TempDir Path dir) {
        Path missing = dir.resolve("nonexistent/dir");
        Path csv = missing.resolve("r.csv");
        refusedWithOneLine(run("report", "--format", "csv", "--out", csv.toString()),
                "switchboard: report --out " + csv + ": directory " + missing + " does not exist");
        refusedWithOneLine(run("privacy", "export", "--user", "u", "--out", csv.toString()),
                "switchboard: privacy export --out " + csv + ": directory " + missing + " does not exist");
        refusedWithOneLine(run("workload", "generate", "--out", csv.toString()),
                "switchboard: workload generate --out " + csv + ": directory " + missing + " does not exist");
        refusedWithOneLine(run("screenshot", "--out", missing.resolve("s.png").toString()),
                "switchboard: screenshot --out " + missing.resolve("s.png") + ": directory " + missing
                        + " does not exist");
        refusedWithOneLine(run("report", "--format", "csv", "--out", dir.toString()),
                "switchboard: report --out " + dir + ": is a directory, not a file");
        assertThat(dir.resolve("nonexistent")).doesNotExist();
    }

    @Test
    void aHugeValueInAWorkloadIsEchoedByAShortPrefix(@TempDir Path dir) throws Exception {
        String huge = "[" + "1,".repeat(5_000_000) + "1]";
        Path w = workload(dir, "{\"model\": \"gpt-4o-mini\", \"prompt\": " + huge + "}\n");
        Run r = run("replay", "--config", BENCH, "--workload", w.toString(), "--max-rate", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err().strip()).isEqualTo("switchboard: " + w + ": skipped line 1: prompt: must be a string, got "
                + huge.substring(0, 80) + "…(" + huge.length() + " chars)");
    }

    @Test
    void withoutConfigTheUsersConfigIsMadeFromTheBundledSampleOnce(@TempDir Path dir) throws Exception {
        Path w = workload(dir, "");
        Run first = run("replay", "--workload", w.toString(), "--max-rate", "--json");
        assertThat(first.code()).as(first.err()).isZero();
        Path config = home.resolve("config.yaml");
        assertThat(first.err()).startsWith("switchboard: created " + config + " from the bundled sample config");
        assertThat(config).hasSameTextualContentAs(Path.of("sample-configs/local.yaml"));
        assertThat(home.resolve("demo-workload.jsonl")).hasSameTextualContentAs(Path.of("sample-configs/demo-workload.jsonl"));
        // The embedded database of the sample config went under SWITCHBOARD_HOME too.
        assertThat(home.resolve("switchboard.mv.db")).exists();

        Files.writeString(config, Files.readString(config).replace("median: 300ms", "median: 0ms"));
        Run second = run("replay", "--workload", w.toString(), "--max-rate", "--json");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.err()).doesNotContain("created");
        assertThat(Files.readString(config)).as("an existing config is left alone").contains("median: 0ms");
    }

    @Test
    void anExplicitConfigWins(@TempDir Path dir) throws Exception {
        Run r = run("replay", "--config", BENCH, "--workload", workload(dir, "").toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(home.resolve("config.yaml")).doesNotExist();
    }

    @Test
    void aDefaultConfigThatCannotBeMadeIsOneLine() throws Exception {
        Path file = home.resolve("not-a-dir");
        Files.writeString(file, "");
        CommandLine cl = Main.commandLine(Map.of("SWITCHBOARD_HOME", file.toString())::get);
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("report", "--format", "csv", "--out", "-")).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("switchboard: report cannot create the default config in " + file)
                .endsWith("; set SWITCHBOARD_HOME or pass --config FILE").doesNotContain("\n");
    }
}
