package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.TestConfigs;
import dev.switchboard.workload.Workload;
import dev.switchboard.workload.WorkloadReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code switchboard record} (and {@code serve --record}): the gateway's traffic written as a workload that reads
 * back with no problems, a stop after {@code --duration}, and refusals naming the option.
 */
class RecordCommandTest {
    @TempDir
    Path home;

    private Path config() throws Exception {
        Path file = home.resolve("serve.yaml");
        Files.writeString(file, "tiers:\n  l1: {enabled: true}\n  l3: {enabled: false}\nledger: {enabled: false}\n"
                + "namespaces:\n  private: {policy: no-store}\n"
                + "guards: {input: {pii: redact}}\n" + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY);
        return file;
    }

    private record Run(CommandLine cl, StringWriter out, StringWriter err) {
    }

    private Run command() {
        CommandLine cl = Main.commandLine(Map.of("SWITCHBOARD_HOME", home.toString())::get);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl, out, err);
    }

    private static int chat(HttpClient http, String base, String body, String namespace) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        b.header("x-switchboard-user", "u-7");
        if (namespace != null) {
            b.header("x-switchboard-namespace", namespace);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void recordsWhatTheGatewayServedAsAWorkload() throws Exception {
        Run run = command();
        Path out = home.resolve("traffic.jsonl");
        Path file = config();
        AtomicInteger code = new AtomicInteger(-1);
        Thread serving = Thread.ofPlatform().start(() -> code.set(run.cl().execute("record", "--config",
                file.toString(), "--out", out.toString(), "--port", "0")));
        Await.until(Duration.ofSeconds(30), "the serving line", () -> run.out().toString().contains("serving"));
        Matcher m = Pattern.compile(":(\\d+)/v1").matcher(run.out().toString());
        assertThat(m.find()).isTrue();
        String base = "http://127.0.0.1:" + m.group(1);
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertThat(chat(http, base, """
                    {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "my diary"}]}""", "private"))
                    .isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                assertThat(chat(http, base, """
                        {"model": "gpt-4o-mini", "temperature": 0,
                         "messages": [{"role": "system", "content": "Be brief."},
                                      {"role": "user", "content": "Mail bob@example.com the plan %d"}]}"""
                        .formatted(i % 2), null)).isEqualTo(200);
            }
        }
        serving.interrupt();
        serving.join(Duration.ofSeconds(30));
        assertThat(code.get()).isZero();
        assertThat(run.err().toString()).contains("switchboard: recording the traffic served to " + out)
                .contains("switchboard: recorded 3 requests to " + out);
        Workload w = WorkloadReader.read(out);
        assertThat(w.problems()).isEmpty();
        assertThat(w.entries()).hasSize(3).allSatisfy(e -> {
            assertThat(e.model()).isEqualTo("gpt-4o-mini");
            assertThat(e.user()).isEqualTo("u-7");
            // As the caller sent it: the system prompt is the first message, so it replays to the same key.
            assertThat(e.turns()).extracting(t -> t.role() + ": " + t.content()).containsExactly("system: Be brief.");
            assertThat(e.prompt()).startsWith("Mail [EMAIL] the plan ");
            assertThat(e.temperature()).isEqualTo(0.0);
        });
        assertThat(Files.readString(out)).doesNotContain("bob@example.com").doesNotContain("diary");
        assertThat(run.err().toString()).contains("1 no-store left out");
    }

    @Test
    void stopsByItselfAfterTheDuration() throws Exception {
        Run run = command();
        Path out = home.resolve("short.jsonl");
        int code = run.cl().execute("serve", "--config", config().toString(), "--record", out.toString(), "--port",
                "0", "--duration", "1s");
        assertThat(code).isZero();
        assertThat(run.err().toString()).contains("stops after 1s").contains("switchboard: gateway stopped")
                .contains("recorded 0 requests to " + out);
        assertThat(out).exists();
    }

    @Test
    void refusesBadInputNamingTheOption() throws Exception {
        CliRun noOut = CliRun.of(home, "record", "--config", config().toString(), "--port", "0");
        assertThat(noOut.code()).isEqualTo(2);
        assertThat(noOut.err()).contains("--out");

        Path nowhere = home.resolve("missing/dir/t.jsonl");
        CliRun dir = CliRun.of(home, "record", "--config", config().toString(), "--out", nowhere.toString(),
                "--port", "0");
        assertThat(dir.code()).isEqualTo(2);
        assertThat(dir.err().strip()).isEqualTo("switchboard: record --out " + nowhere + ": directory "
                + nowhere.getParent() + " does not exist");

        CliRun duration = CliRun.of(home, "record", "--config", config().toString(), "--out",
                home.resolve("t.jsonl").toString(), "--duration", "0s");
        assertThat(duration.code()).isEqualTo(2);
        assertThat(duration.err().strip()).isEqualTo("switchboard: record --duration 0s: must be positive, e.g. 10m");

        CliRun word = CliRun.of(home, "serve", "--config", config().toString(), "--record",
                home.resolve("t.jsonl").toString(), "--duration", "soon");
        assertThat(word.code()).isEqualTo(2);
        assertThat(word.err()).startsWith("switchboard: serve --duration soon: ");

        CliRun isDir = CliRun.of(home, "serve", "--config", config().toString(), "--record", home.toString(),
                "--port", "0");
        assertThat(isDir.code()).isEqualTo(2);
        assertThat(isDir.err().strip()).isEqualTo("switchboard: serve --record " + home + ": is a directory, not a file");
    }
}
