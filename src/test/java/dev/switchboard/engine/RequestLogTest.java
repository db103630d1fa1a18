package dev.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.error.InvalidRequestException;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.telemetry.RequestLog;
import dev.switchboard.testsupport.LogCapture;
import dev.switchboard.testsupport.TestConfigs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A line per finished request, in JSON or text, with no prompt in it. */
class RequestLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ChatRequest ask(String prompt) {
        return ChatRequest.builder().model("gpt-4o-mini").user("ann").prompt(prompt).requestId("req-42").build();
    }

    private static List<String> requestLines(LogCapture logs) {
        return logs.lines().stream().filter(l -> l.logger().equals(RequestLog.LOGGER)).map(LogCapture.Line::message)
                .toList();
    }

    @Test
    void jsonLinesCarryTheOutcomeAndNeverThePrompt() throws Exception {
        try (LogCapture logs = new LogCapture(Level.WARN);
             Engine engine = Engine.start(TestConfigs.parse(TestConfigs.L1_ONLY
                     + "logs: {format: json, requests: all}\n"))) {
            engine.submit(ask("my secret question about llamas"));
            engine.submit(ask("my secret question about llamas"));
            assertThatThrownBy(() -> engine.submit(ask("x").toBuilder().temperature(7.0).build()))
                    .isInstanceOf(InvalidRequestException.class);
            List<String> lines = requestLines(logs);
            assertThat(lines).hasSize(3);
            JsonNode first = JSON.readTree(lines.get(0));
            assertThat(first.get("request_id").asText()).isEqualTo("req-42");
            assertThat(first.get("user").asText()).isEqualTo("ann");
            assertThat(first.get("served_by").asText()).isEqualTo("PROVIDER");
            assertThat(first.get("outcome").asText()).isEqualTo("ok");
            assertThat(first.get("cost_usd").asDouble()).isPositive();
            assertThat(JSON.readTree(lines.get(1)).get("served_by").asText()).isEqualTo("L1");
            assertThat(JSON.readTree(lines.get(2)).get("outcome").asText()).isEqualTo("invalid_request");
            assertThat(String.join("\n", lines)).doesNotContain("llamas");
        }
    }

    @Test
    void failuresOnlyInText() {
        try (LogCapture logs = new LogCapture(Level.WARN);
             Engine engine = Engine.start(TestConfigs.parse(TestConfigs.L1_ONLY + "logs: {requests: failures}\n"))) {
            engine.submit(ask("fine"));
            assertThatThrownBy(() -> engine.submit(ask("x").toBuilder().temperature(7.0).build()))
                    .isInstanceOf(InvalidRequestException.class);
            assertThat(requestLines(logs)).singleElement().asString()
                    .startsWith("request id=req-42 ns=default user=ann model=gpt-4o-mini served_by=- "
                            + "outcome=invalid_request");
        }
    }

    @Test
    void offByDefaultAndBadValuesAreNamed() {
        try (LogCapture logs = new LogCapture(Level.WARN); Engine engine = Engine.start(TestConfigs.l1Only())) {
            engine.submit(ask("quiet"));
            assertThat(requestLines(logs)).isEmpty();
        }
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.L1_ONLY + "logs: {format: xml}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("logs.format")
                .hasMessageContaining("known: text, json");
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.L1_ONLY + "logs: {requests: some}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("logs.requests");
    }
}
