package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.PrometheusText;
import dev.switchboard.testsupport.TestConfigs;
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

/** {@code --metrics-port}: serve and replay announce the URL, it answers while they run, a bad port is refused. */
class MetricsPortTest {
    @TempDir
    Path home;

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

    private Path config() throws Exception {
        Path file = home.resolve("metrics.yaml");
        Files.writeString(file, "tiers:\n  l1: {enabled: true}\n  l3: {enabled: false}\nledger: {enabled: false}\n"
                + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY);
        return file;
    }

    @Test
    void serveAnnouncesTheMetricsPortAndItAnswersUntilTheStop() throws Exception {
        Run run = command();
        Path file = config();
        AtomicInteger code = new AtomicInteger(-1);
        Thread serving = Thread.ofPlatform().start(() -> code.set(run.cl().execute("serve", "--config",
                file.toString(), "--port", "0", "--metrics-port", "0")));
        Await.until(Duration.ofSeconds(30), "the serving line", () -> run.out().toString().contains("serving"));
        Matcher m = Pattern.compile("switchboard: metrics at (http://127\\.0\\.0\\.1:\\d+/metrics)")
                .matcher(run.err().toString());
        assertThat(m.find()).as(run.err().toString()).isTrue();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(m.group(1))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(PrometheusText.parse(r.body()).types()).containsEntry("switchboard_breaker_state", "gauge");
        }
        serving.interrupt();
        serving.join(Duration.ofSeconds(30));
        assertThat(code.get()).isZero();
    }

    @Test
    void replayRefusesAPortOutOfRangeInOneLine() throws Exception {
        Path w = home.resolve("w.jsonl");
        Files.writeString(w, "{\"at_ms\": 0, \"model\": \"gpt-4o-mini\", \"prompt\": \"hello\"}\n");
        Run bad = command();
        assertThat(bad.cl().execute("replay", "--config", config().toString(), "--workload", w.toString(),
                "--metrics-port", "70000")).isEqualTo(2);
        assertThat(bad.err().toString().strip()).isEqualTo("switchboard: replay --metrics-port 70000: must be a port "
                + "between 0 and 65535");

        Run ok = command();
        assertThat(ok.cl().execute("replay", "--config", config().toString(), "--workload", w.toString(),
                "--max-rate", "--metrics-port", "0", "--json")).as(ok.err().toString()).isZero();
        assertThat(ok.err().toString()).containsPattern("switchboard: metrics at http://127\\.0\\.0\\.1:\\d+/metrics");
    }
}
