package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.cache.semantic.Calibration;
import dev.switchboard.testsupport.upstream.MockOpenAi;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code switchboard semantic eval} with the config's {@code semantic.provider}: the pairs embedded through the
 * provider's {@code /embeddings} endpoint, so a remote model can get the calibration table the engine asks it for.
 */
class SemanticEvalProviderTest {
    private static final String KEY = "sk-test-EVAL-0123456789abcdef";

    private record Run(int code, String out, String err) {
    }

    private final MockOpenAi mock = new MockOpenAi().expectKey(KEY);

    @TempDir
    Path home;

    @AfterEach
    void tearDown() {
        mock.close();
    }

    private Run run(String... args) {
        CommandLine cl = Main.commandLine(Map.of("SWITCHBOARD_HOME", home.toString(), "EVAL_KEY", KEY)::get);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static String fixture() throws Exception {
        return Path.of(SemanticEvalProviderTest.class.getResource("/semantic/pairs-small.jsonl").toURI()).toString();
    }

    private Path config(String provider) throws Exception {
        return config(provider, "  threshold: 0.85\n");
    }

    private Path config(String provider, String more) throws Exception {
        Path f = home.resolve("eval.yaml");
        // No table yet, so a fixed threshold (the loader refuses max_false_rate without one): eval makes the table.
        Files.writeString(f, """
                providers:
                  oa:
                    kind: openai
                    base_url: "%s"
                    api_key: ${EVAL_KEY}
                  claude:
                    kind: anthropic
                    base_url: https://api.anthropic.com/v1
                models:
                  gpt-4o-mini: {version: "2024-07-18", input_per_1m: 0.15, output_per_1m: 0.6}
                semantic:
                  provider: %s
                  model: text-embedding-3-small
                """.formatted(mock.baseUrl(), provider) + more);
        return f;
    }

    @Test
    void calibratesARemoteModelThroughItsEndpoint() throws Exception {
        Path table = home.resolve("te3.tsv");
        Run r = run("semantic", "eval", "--pairs", fixture(), "--config", config("oa").toString(),
                "--threshold", "0.85", "--threads", "2", "--calibrate", table.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("embedding through provider oa (text-embedding-3-small)")
                .doesNotContain(KEY);
        assertThat(r.out()).contains("model text-embedding-3-small");
        assertThat(mock.requestCount()).isPositive();
        assertThat(mock.requests()).allSatisfy(q -> {
            assertThat(q.path()).isEqualTo("/v1/embeddings");
            assertThat(q.header("authorization")).isEqualTo("Bearer " + KEY);
        });
        Calibration c = Calibration.read(table);
        assertThat(c.rows()).isPositive();
        assertThat(String.join("\n", c.comments())).contains("model text-embedding-3-small (provider oa)");
    }

    @Test
    void withoutAThresholdOrATableItSaysWhatToDo() throws Exception {
        Run r = run("semantic", "eval", "--pairs", fixture(), "--config", config("oa", "").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("max_false_rate").contains("set threshold");
        assertThat(mock.requestCount()).isZero();
    }

    @Test
    void anUnknownProviderOrAnotherKindIsRefusedByName() throws Exception {
        Run unknown = run("semantic", "eval", "--pairs", fixture(), "--config", config("nope").toString(),
                "--threshold", "0.9");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("semantic.provider: unknown provider 'nope'; known: oa, claude");
        Run kind = run("semantic", "eval", "--pairs", fixture(), "--config", config("claude").toString(),
                "--threshold", "0.9");
        assertThat(kind.code()).isEqualTo(2);
        assertThat(kind.err()).contains("'claude' is of kind anthropic");
    }
}
