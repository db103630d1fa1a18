package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code switchboard semantic eval} on a small fixture of pairs, with the shipped model. */
class SemanticEvalCommandTest {
    private record Run(int code, String out, String err) {
    }

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

    private static String fixture() throws URISyntaxException {
        return Path.of(SemanticEvalCommandTest.class.getResource("/semantic/pairs-small.jsonl").toURI()).toString();
    }

    @Test
    void countsHitsByGroupAndReportsSkippedLines() throws Exception {
        Run r = run("semantic", "eval", "--pairs", fixture(), "--json", "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertThat(o.get("pairs").asInt()).isEqualTo(8);
        assertThat(o.get("skipped_lines").asInt()).isEqualTo(4);
        assertThat(o.get("duplicates").asInt()).isEqualTo(4);
        long own = o.get("hit_own").asLong();
        long other = o.get("hit_other").asLong();
        long miss = o.get("miss").asLong();
        assertThat(own + other + miss).isEqualTo(8);
        // the identical pair is always its own hit; the three near misses never are hits
        assertThat(o.at("/by_label/duplicate/hit_own").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(o.at("/by_label/not_duplicate/hit_own").asLong()
                + o.at("/by_label/not_duplicate/hit_other").asLong()).isZero();
        assertThat(o.get("true_hit_rate").asDouble()).isBetween(0.25, 1.0);
        assertThat(o.get("false_hit_rate").asDouble()).isZero();
        assertThat(o.at("/latency_ms/embed/p50").asDouble()).isPositive();
        assertThat(o.at("/latency_ms/lookup/p99").isNumber()).isTrue();
        String file = fixture();
        assertThat(r.err()).contains(file + ": skipped line 7: not valid JSON")
                .contains("skipped line 8: field 'b' is missing")
                .contains("skipped line 9: field 'b' must be a string")
                .contains("skipped line 10: field 'duplicate' must be true or false")
                .contains("embedded").doesNotContain("Exception");
    }

    @Test
    void sweepGivesTheStaticAndTheRuleAtEachThreshold() throws Exception {
        Run r = run("semantic", "eval", "--pairs", fixture(), "--sweep", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode arr = new ObjectMapper().readTree(r.out());
        assertThat(arr.isArray()).isTrue();
        assertThat(arr.size()).isEqualTo(42);
        assertThat(arr.get(0).get("rule").asText()).isEqualTo("static");
        assertThat(arr.get(1).get("rule").asText()).isEqualTo("rule");
        assertThat(arr.get(0).get("threshold").asDouble()).isEqualTo(0.80);
        Run table = run("semantic", "eval", "--pairs", fixture(), "--sweep");
        assertThat(table.code()).isZero();
        assertThat(table.out()).contains("static cosine").contains("0.95");
    }

    @Test
    void calibrateWritesATableTheRuleCanRead() throws Exception {
        Path out = home.resolve("cal.tsv");
        Run r = run("semantic", "eval", "--pairs", fixture(), "--threshold", "0.9", "--parts", "--calibrate",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("true-hit rate").contains("static cosine").contains("rule without margin");
        assertThat(Files.readString(out)).startsWith("# semantic eval calibration");
        Path yaml = home.resolve("sem.yaml");
        Files.writeString(yaml, "models:\n  m: {version: v1}\nsemantic:\n  max_false_rate: 0.2\n  calibration: " + out
                + "\n");
        Run again = run("semantic", "eval", "--pairs", fixture(), "--config", yaml.toString());
        assertThat(again.code()).as(again.err()).isZero();
    }

    @Test
    void badOptionsAreRefusedWithOneLineNamingTheOption() throws Exception {
        String f = fixture();
        assertOneLine(run("semantic", "eval", "--pairs", f, "--threshold", "2"),
                "switchboard: semantic eval --threshold 2.0: must be between -1 and 1");
        assertOneLine(run("semantic", "eval", "--pairs", f, "--max-false-rate", "1.5"),
                "switchboard: semantic eval --max-false-rate 1.5: must be between 0 and 1 (exclusive)");
        assertOneLine(run("semantic", "eval", "--pairs", f, "--threshold", "0.9", "--max-false-rate", "0.1"),
                "switchboard: semantic eval --threshold and --max-false-rate: give one or the other");
        assertOneLine(run("semantic", "eval", "--pairs", home.resolve("none.jsonl").toString()),
                "switchboard: semantic eval --pairs " + home.resolve("none.jsonl") + ": no such file");
        Run model = run("semantic", "eval", "--pairs", f, "--model", "word2vec");
        assertThat(model.code()).isEqualTo(2);
        assertThat(model.err().strip()).startsWith("switchboard: semantic eval --model word2vec: unknown model; known: ")
                .doesNotContain("\n");
        Path yaml = home.resolve("bad.yaml");
        Files.writeString(yaml, "models:\n  m: {version: v1}\nsemantic:\n  margin: 7\n");
        assertOneLine(run("semantic", "eval", "--pairs", f, "--config", yaml.toString()),
                "switchboard: semantic eval " + yaml + ": semantic.margin: must be between 0.0 and 1.0, got 7.0");
        Run missing = run("semantic", "eval");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--pairs");
    }

    private static void assertOneLine(Run r, String line) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo(line);
        assertThat(r.out()).isEmpty();
    }
}
