package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.Await;
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

/** {@code switchboard serve}: one line with the URL and the keys setting, a graceful stop, one-line refusals. */
class GatewayServeTest {
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

    private Path config(String extra) throws Exception {
        Path file = home.resolve("serve.yaml");
        Files.writeString(file, "tiers:\n  l1: {enabled: true}\n  l3: {enabled: false}\nledger: {enabled: false}\n"
                + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY + extra);
        return file;
    }

    @Test
    void servesUntilStoppedAndSaysWhereAndWhetherKeysAreRequired() throws Exception {
        Run run = command();
        Path file = config("");
        AtomicInteger code = new AtomicInteger(-1);
        Thread serving = Thread.ofPlatform().start(() -> code.set(run.cl().execute("serve", "--config",
                file.toString(), "--port", "0")));
        Await.until(Duration.ofSeconds(30), "the serving line", () -> run.out().toString().contains("serving"));
        String line = run.out().toString().strip();
        assertThat(line).matches("switchboard: serving http://127\\.0\\.0\\.1:\\d+/v1 \\(OpenAI and Anthropic "
                + "formats\\), gateway keys not required; Ctrl-C stops");
        Matcher m = Pattern.compile(":(\\d+)/v1").matcher(line);
        assertThat(m.find()).isTrue();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + m.group(1) + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
        serving.interrupt();
        serving.join(Duration.ofSeconds(30));
        assertThat(code.get()).isZero();
        assertThat(run.out().toString().lines().count()).as("one line on stdout").isEqualTo(1);
        assertThat(run.err().toString()).contains("switchboard: gateway stopped; engine closed");
    }

    @Test
    void refusesABadPortOrKeysWithoutALedgerInOneLine() throws Exception {
        Run bad = command();
        assertThat(bad.cl().execute("serve", "--config", config("").toString(), "--port", "70000")).isEqualTo(2);
        assertThat(bad.err().toString().strip()).isEqualTo("switchboard: serve --port 70000: must be between 0 and "
                + "65535");

        Run keys = command();
        assertThat(keys.cl().execute("serve", "--config", config("gateway: {require_keys: true}\n").toString(),
                "--port", "0")).isEqualTo(2);
        assertThat(keys.err().toString().strip()).startsWith("switchboard: serve gateway keys are required "
                + "(gateway.require_keys: true) but cannot be read").contains("ledger").doesNotContain("\n");
    }
}
