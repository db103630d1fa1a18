package dev.switchboard.engine.provider.http;

/**
 * One server-sent event: its {@code event:} type (null when the event named none, as OpenAI's chunks do) and its
 * {@code data:} lines joined by newlines.
 */
public record SseEvent(String event, String data) {
    /** OpenAI's end-of-stream sentinel, {@code data: [DONE]}. */
    public boolean isDone() {
        return "[DONE]".equals(data);
    }
}
