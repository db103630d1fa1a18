package dev.switchboard.engine.recording;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.Message;
import java.util.List;

/**
 * One request as a workload line (the shared format: {@code at_ms}, {@code user}, {@code plan}, {@code namespace},
 * {@code model}, {@code system}, {@code prompt}, {@code turns}, {@code temperature}, {@code max_tokens},
 * {@code response_format}). The prompt is the last user message; the messages before it are {@code turns} (role and
 * text). No {@code intent}, {@code task} or {@code complexity}: the engine does not know them.
 */
final class TrafficLine {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrafficLine() {
    }

    /** The line's bytes with its newline, or null when the request has no user message with text to carry. */
    static byte[] of(ChatRequest r, long atMs) {
        List<Message> messages = r.messages();
        int last = -1;
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                last = i;
                break;
            }
        }
        if (last < 0 || messages.get(last).content().isEmpty() || r.model() == null || r.model().isEmpty()) {
            return null;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("at_ms", atMs);
        putText(o, "user", r.user());
        putText(o, "plan", r.plan());
        if (!ChatRequest.DEFAULT_NAMESPACE.equals(r.namespace())) {
            o.put("namespace", r.namespace());
        }
        o.put("model", r.model());
        putText(o, "system", r.system());
        o.put("prompt", messages.get(last).content());
        if (last > 0) {
            ArrayNode turns = o.putArray("turns");
            for (Message m : messages.subList(0, last)) {
                turns.addObject().put("role", m.role()).put("content", m.content());
            }
        }
        if (r.temperature() != null) {
            o.put("temperature", r.temperature());
        }
        if (r.maxTokens() != null) {
            o.put("max_tokens", r.maxTokens());
        }
        if (r.responseFormat() != null && !r.responseFormat().isNull()) {
            o.set("response_format", r.responseFormat());
        }
        try {
            byte[] json = JSON.writeValueAsBytes(o);
            byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a request's fields did not serialize", e);
        }
    }

    private static void putText(ObjectNode o, String field, String v) {
        if (v != null) {
            o.put(field, v);
        }
    }
}
