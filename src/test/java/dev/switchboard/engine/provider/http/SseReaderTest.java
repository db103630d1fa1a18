package dev.switchboard.engine.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseReaderTest {
    private static List<SseEvent> read(String stream) throws Exception {
        List<SseEvent> out = new ArrayList<>();
        try (SseReader r = new SseReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)))) {
            for (SseEvent e = r.next(); e != null; e = r.next()) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void dataOnlyEventsAndTheDoneSentinel() throws Exception {
        List<SseEvent> e = read("data: {\"a\":1}\n\ndata: {\"b\":2}\n\ndata: [DONE]\n\n");
        assertThat(e).containsExactly(new SseEvent(null, "{\"a\":1}"), new SseEvent(null, "{\"b\":2}"),
                new SseEvent(null, "[DONE]"));
        assertThat(e.get(2).isDone()).isTrue();
    }

    @Test
    void namedEventsCommentsPingsAndCrlf() throws Exception {
        List<SseEvent> e = read(": OPENROUTER PROCESSING\r\n\r\nevent: ping\r\ndata: {\"type\": \"ping\"}\r\n\r\n"
                + "event: message_stop\rdata: {}\r\r");
        assertThat(e).containsExactly(new SseEvent("ping", "{\"type\": \"ping\"}"), new SseEvent("message_stop", "{}"));
    }

    @Test
    void multiLineDataJoinsWithNewlinesAndFieldsWithoutSpaceOrValue() throws Exception {
        List<SseEvent> e = read("data:{\"a\":\ndata: 1}\nid: 7\nretry: 100\n\ndata\n\n");
        assertThat(e).containsExactly(new SseEvent(null, "{\"a\":\n1}"), new SseEvent(null, ""));
    }

    @Test
    void anEventCutOffByTheEndOfTheBodyIsDropped() throws Exception {
        assertThat(read("data: {\"a\":1}\n\ndata: {\"partial\"")).containsExactly(new SseEvent(null, "{\"a\":1}"));
    }
}
