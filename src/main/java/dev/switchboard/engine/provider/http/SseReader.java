package dev.switchboard.engine.provider.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Server-sent events from a response body, as the WHATWG event-stream format defines them: lines end in LF, CRLF or
 * CR; {@code data:} lines accumulate (joined by LF) until a blank line dispatches the event; {@code event:} names it;
 * lines starting with {@code :} are comments (keep-alives, OpenRouter's "PROCESSING"); {@code id:} and
 * {@code retry:} are ignored (nothing here reconnects). A blank line with no data dispatches nothing, and an event cut
 * off by the end of the body is dropped, as the format says.
 */
public final class SseReader implements AutoCloseable {
    private final BufferedReader in;

    public SseReader(InputStream body) {
        // BufferedReader.readLine splits on LF, CR and CRLF alike, which is exactly the format's rule.
        this.in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** The next event, or null at the end of the body. */
    public SseEvent next() throws IOException {
        String event = null;
        StringBuilder data = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new SseEvent(event, data.toString());
                }
                event = null;
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "event" -> event = value;
                default -> {
                    // id, retry and unknown fields: nothing to do for a client that never reconnects.
                }
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
