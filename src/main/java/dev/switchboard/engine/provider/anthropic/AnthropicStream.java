package dev.switchboard.engine.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.ProviderConfig;
import dev.switchboard.engine.provider.http.SseEvent;
import dev.switchboard.engine.provider.http.SseStream;
import dev.switchboard.engine.provider.http.UpstreamHttp;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.StreamDelta;
import java.util.HashMap;
import java.util.Map;

/**
 * A streamed Messages answer: {@code message_start} (input usage), then per content block
 * {@code content_block_start} / {@code content_block_delta} ({@code text_delta}, {@code input_json_delta}) /
 * {@code content_block_stop}, then {@code message_delta} (stop reason, output usage) and {@code message_stop};
 * {@code ping}s between. A {@code tool_use} block is the tool call numbered by its place among the tool_use blocks,
 * not among all blocks, as OpenAI numbers them. An {@code error} event (e.g. overloaded_error) breaks the stream;
 * event types this client does not know are skipped, as Anthropic's versioning policy asks.
 */
final class AnthropicStream extends SseStream {
    /** Content-block index -> tool call index. */
    private final Map<Integer, Integer> tools = new HashMap<>();
    private int input;
    private int cacheRead;
    private int cacheWrite;
    private boolean inputKnown;

    AnthropicStream(ProviderConfig provider, ModelConfig model, ChatRequest request, UpstreamHttp.Response response) {
        super(provider, model.name(), model.upstreamModel(), request, response);
    }

    @Override
    protected void onEvent(SseEvent e) {
        JsonNode j = json(e);
        String type = j.path("type").asText(e.event() == null ? "" : e.event());
        switch (type) {
            case "message_start" -> {
                JsonNode msg = j.path("message");
                answeredBy(msg.path("model").asText(null));
                usage(msg.path("usage"));
            }
            case "content_block_start" -> {
                int block = j.path("index").asInt(0);
                JsonNode cb = j.path("content_block");
                if ("tool_use".equals(cb.path("type").asText())) {
                    int tool = tools.size();
                    tools.put(block, tool);
                    JsonNode in = cb.path("input");
                    emit(new StreamDelta(0, null, new StreamDelta.ToolCallDelta(tool, cb.path("id").asText(null),
                            cb.path("name").asText(""), in.isObject() && !in.isEmpty() ? in.toString() : ""), null));
                } else if ("text".equals(cb.path("type").asText()) && !cb.path("text").asText("").isEmpty()) {
                    emit(StreamDelta.text(0, cb.get("text").asText()));
                }
            }
            case "content_block_delta" -> {
                JsonNode d = j.path("delta");
                switch (d.path("type").asText()) {
                    case "text_delta" -> {
                        if (!d.path("text").asText("").isEmpty()) {
                            emit(StreamDelta.text(0, d.get("text").asText()));
                        }
                    }
                    case "input_json_delta" -> {
                        Integer tool = tools.get(j.path("index").asInt(0));
                        if (tool != null) {
                            emit(new StreamDelta(0, null, new StreamDelta.ToolCallDelta(tool, null, null,
                                    d.path("partial_json").asText("")), null));
                        }
                    }
                    default -> {
                        // thinking, signature, citations: not part of the OpenAI-shaped answer.
                    }
                }
            }
            case "message_delta" -> {
                JsonNode reason = j.path("delta").path("stop_reason");
                if (reason.isTextual()) {
                    emit(StreamDelta.finish(0, AnthropicWire.finish(reason)));
                    finishSeen();
                }
                usage(j.path("usage"));
            }
            case "message_stop" -> end();
            case "error" -> throw new ErrorEvent(j.path("error"));
            default -> {
                // ping, content_block_stop, and event types added after this client was written.
            }
        }
    }

    /** Usage from message_start or message_delta (whose counts are cumulative); absent fields stay as they were. */
    private void usage(JsonNode u) {
        if (!u.isObject()) {
            return;
        }
        if (u.path("input_tokens").canConvertToInt()) {
            input = u.get("input_tokens").asInt();
            inputKnown = true;
        }
        if (u.path("cache_read_input_tokens").canConvertToInt()) {
            cacheRead = u.get("cache_read_input_tokens").asInt();
        }
        if (u.path("cache_creation_input_tokens").canConvertToInt()) {
            cacheWrite = u.get("cache_creation_input_tokens").asInt();
        }
        Integer out = u.path("output_tokens").canConvertToInt() ? u.get("output_tokens").asInt() : null;
        usage(inputKnown ? input + cacheRead + cacheWrite : null, out, cacheRead, cacheWrite);
    }
}
