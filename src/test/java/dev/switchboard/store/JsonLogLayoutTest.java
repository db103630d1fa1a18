package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** logs.format json: one object a line, masked as the text lines are. */
class JsonLogLayoutTest {
    private static LoggingEvent event(String logger, String message, Throwable t) {
        LoggerContext ctx = new LoggerContext();
        return new LoggingEvent("x", ctx.getLogger(logger), Level.WARN, message, t, null);
    }

    @Test
    void aLineIsOneObjectWithItsPasswordMaskedAndItsFailureOnOneLine() throws Exception {
        LogLines.JsonLayout layout = new LogLines.JsonLayout();
        String line = layout.doLayout(event("dev.switchboard.store.Database",
                "cannot reach jdbc:postgresql://app:hunter2@db:5432/x\nretrying", new IllegalStateException("down")));
        assertThat(line).endsWith("\n").doesNotContain("hunter2");
        JsonNode o = new ObjectMapper().readTree(line);
        assertThat(o.get("level").asText()).isEqualTo("WARN");
        assertThat(o.get("logger").asText()).isEqualTo("dev.switchboard.store.Database");
        assertThat(o.get("message").asText()).contains("***").contains(" | retrying");
        assertThat(o.get("failure").asText()).isEqualTo("IllegalStateException: down");
    }

    @Test
    void aRequestLineIsNested() throws Exception {
        String line = new LogLines.JsonLayout().doLayout(event("switchboard.requests", "{\"outcome\":\"ok\"}", null));
        assertThat(new ObjectMapper().readTree(line).get("request").get("outcome").asText()).isEqualTo("ok");
    }
}
