package dev.switchboard.engine.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.ProviderConfig;
import dev.switchboard.engine.provider.http.SseEvent;
import dev.switchboard.engine.provider.http.SseStream;
import dev.switchboard.engine.provider.http.UpstreamHttp;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.StreamDelta;
import java.util.HashSet;
import java.util.Set;

/**
 * A streamed chat completion: {@code chat.completion.chunk} events whose choices carry {@code delta.content},
 * {@code delta.tool_calls} fragments and {@code finish_reason}; with {@code include_usage}, a last chunk with no
 * choices and the usage; then {@code data: [DONE]}. An {@code error} object in place of a chunk breaks the stream.
 * Chunks that carry {@code logprobs.content} (the caller asked for {@code logprobs}) give the first choice's
 * confidence, as {@link OpenAiWire#confidence} does for a whole response.
 */
final class OpenAiStream extends SseStream {
    private final Set<Integer> open = new HashSet<>();
    private final Set<Integer> finished = new HashSet<>();
    /** The first choice's token log-probabilities, when the chunks carry them ({@code logprobs: true}). */
    private final OpenAiWire.LogprobMean logprobs = new OpenAiWire.LogprobMean();

    OpenAiStream(ProviderConfig provider, ModelConfig model, ChatRequest request, UpstreamHttp.Response response) {
        super(provider, model.name(), model.upstreamModel(), request, response);
    }

    @Override
    protected void onEvent(SseEvent e) {
        if (e.isDone()) {
            end();
            return;
        }
        JsonNode j = json(e);
        JsonNode error = j.path("error");
        if (error.isObject() || error.isTextual()) {
            throw new ErrorEvent(error.isObject() ? error : OpenAiWire.JSON.createObjectNode().put("message",
                    error.asText()));
        }
        answeredBy(OpenAiWire.text(j, "model", null));
        for (JsonNode c : j.path("choices")) {
            int choice = c.path("index").asInt(0);
            open.add(choice);
            if (choice == 0 && c.path("logprobs").isObject()) {
                logprobs.add(c.path("logprobs"));
                confidence(logprobs.confidence());
            }
            JsonNode delta = c.path("delta");
            JsonNode content = delta.path("content");
            if (content.isTextual() && !content.asText().isEmpty()) {
                emit(StreamDelta.text(choice, content.asText()));
            }
            for (JsonNode t : delta.path("tool_calls")) {
                JsonNode f = t.path("function");
                emit(new StreamDelta(choice, null, new StreamDelta.ToolCallDelta(t.path("index").asInt(0),
                        OpenAiWire.text(t, "id", null), OpenAiWire.text(f, "name", null),
                        OpenAiWire.text(f, "arguments", null)), null));
            }
            if (c.path("finish_reason").isTextual()) {
                emit(StreamDelta.finish(choice, OpenAiWire.finish(c.path("finish_reason"))));
                finished.add(choice);
            }
        }
        if (!open.isEmpty() && finished.containsAll(open)) {
            finishSeen();
        }
        JsonNode u = j.path("usage");
        if (u.isObject()) {
            usage(count(u.path("prompt_tokens")), count(u.path("completion_tokens")),
                    count(u.path("prompt_tokens_details").path("cached_tokens")), null);
        }
    }

    private static Integer count(JsonNode n) {
        return n.canConvertToInt() ? n.asInt() : null;
    }
}
