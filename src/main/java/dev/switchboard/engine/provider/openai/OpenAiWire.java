package dev.switchboard.engine.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.ProviderConfig;
import dev.switchboard.engine.provider.ProviderResponse;
import dev.switchboard.engine.provider.TokenEstimator;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.Choice;
import dev.switchboard.engine.request.Message;
import dev.switchboard.engine.request.ToolCall;
import java.util.ArrayList;
import java.util.Comparator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The chat completions wire format: the request body from a {@link ChatRequest}, and a response body back to a
 * {@link ProviderResponse}. The engine's request is already in OpenAI's terms, so this is mostly a transcription;
 * what the engine does not model travels in {@link ChatRequest#extra()} and is sent untouched.
 */
final class OpenAiWire {
    static final ObjectMapper JSON = dev.switchboard.engine.request.Json.mapper();

    private OpenAiWire() {
    }

    static ObjectNode body(ChatRequest r, ModelConfig m, boolean stream) {
        ObjectNode b = JSON.createObjectNode();
        // Azure ignores it (the deployment in the path decides); every other server needs it.
        b.put("model", m.upstreamModel());
        ArrayNode messages = b.putArray("messages");
        if (r.system() != null) {
            messages.addObject().put("role", "system").put("content", r.system());
        }
        r.messages().forEach(msg -> messages.add(message(msg)));
        if (r.temperature() != null) {
            b.put("temperature", r.temperature());
        }
        // Newer OpenAI models take only max_completion_tokens; a caller that sent it (in extra) keeps it alone.
        if (r.maxTokens() != null && (r.extra() == null || !r.extra().has("max_completion_tokens"))) {
            b.put("max_tokens", r.maxTokens());
        }
        if (r.topP() != null) {
            b.put("top_p", r.topP());
        }
        if (!r.stop().isEmpty()) {
            ArrayNode stop = b.putArray("stop");
            r.stop().forEach(stop::add);
        }
        if (r.tools() != null) {
            b.set("tools", r.tools());
        }
        if (r.toolChoice() != null) {
            b.set("tool_choice", r.toolChoice());
        }
        if (r.responseFormat() != null) {
            b.set("response_format", r.responseFormat());
        }
        if (r.seed() != null) {
            b.put("seed", r.seed());
        }
        if (r.n() != null) {
            b.put("n", r.n());
        }
        if (r.extra() != null) {
            b.setAll(r.extra().deepCopy());
            // An Anthropic caller's own fields: an OpenAI-compatible upstream would refuse the request for them.
            b.remove(ChatRequest.ANTHROPIC_EXTRA);
        }
        // Whether to stream is this client's decision, whatever extra carried: the body must match how it is read.
        if (stream) {
            b.put("stream", true);
            ObjectNode options = b.get("stream_options") instanceof ObjectNode o ? o : b.putObject("stream_options");
            options.put("include_usage", true);
        } else {
            b.remove("stream");
            b.remove("stream_options");
        }
        return b;
    }

    private static ObjectNode message(Message msg) {
        ObjectNode o = JSON.createObjectNode().put("role", msg.role());
        if (msg.parts() != null) {
            o.set("content", msg.parts());
        } else if ("assistant".equals(msg.role()) && !msg.toolCalls().isEmpty() && msg.content().isEmpty()) {
            // An assistant turn that only called tools has null content on the wire.
            o.putNull("content");
        } else {
            o.put("content", msg.content());
        }
        if (msg.name() != null) {
            o.put("name", msg.name());
        }
        if (msg.toolCallId() != null) {
            o.put("tool_call_id", msg.toolCallId());
        }
        if (!msg.toolCalls().isEmpty()) {
            ArrayNode calls = o.putArray("tool_calls");
            for (ToolCall c : msg.toolCalls()) {
                ObjectNode call = calls.addObject();
                if (c.id() != null) {
                    call.put("id", c.id());
                }
                call.put("type", "function");
                call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
            }
        }
        return o;
    }

    static ProviderResponse response(JsonNode j, ChatRequest r, ModelConfig m) {
        List<Choice> choices = new ArrayList<>();
        Double confidence = null;
        int first = Integer.MAX_VALUE;
        for (JsonNode c : j.path("choices")) {
            int index = c.path("index").asInt(choices.size());
            if (index < first) {
                first = index;
                confidence = confidence(c.path("logprobs"));
            }
            JsonNode msg = c.path("message");
            JsonNode content = msg.path("content");
            choices.add(new Choice(index, content.isTextual() ? content.asText() : "",
                    toolCalls(msg.path("tool_calls")), finish(c.path("finish_reason"))));
        }
        choices.sort(Comparator.comparingInt(Choice::index));
        JsonNode u = j.path("usage");
        int in = u.path("prompt_tokens").canConvertToInt() ? u.get("prompt_tokens").asInt()
                : TokenEstimator.ofRequest(r);
        int out = u.path("completion_tokens").canConvertToInt() ? u.get("completion_tokens").asInt()
                : TokenEstimator.ofChoices(choices);
        int cached = u.path("prompt_tokens_details").path("cached_tokens").asInt(0);
        return new ProviderResponse(choices, text(j, "model", m.upstreamModel()), in, out, cached, 0, confidence);
    }

    /**
     * A choice's confidence from its {@code logprobs}: {@code exp} of the mean of {@code content[*].logprob} (the
     * geometric mean of the tokens' probabilities), or null when it carries none.
     */
    static Double confidence(JsonNode logprobs) {
        LogprobMean mean = new LogprobMean();
        mean.add(logprobs);
        return mean.confidence();
    }

    /** A running mean of token log-probabilities, fed by whole responses or by stream chunks. */
    static final class LogprobMean {
        private double sum;
        private int count;

        /** Adds the {@code content[*].logprob} of one choice's {@code logprobs} object (absent or null: nothing). */
        void add(JsonNode logprobs) {
            for (JsonNode t : logprobs.path("content")) {
                JsonNode lp = t.path("logprob");
                if (lp.isNumber() && Double.isFinite(lp.asDouble())) {
                    sum += Math.min(0.0, lp.asDouble());
                    count++;
                }
            }
        }

        /** {@code exp(mean)}, or null when no log-probability was seen. */
        Double confidence() {
            return count == 0 ? null : Math.exp(sum / count);
        }
    }

    private static List<ToolCall> toolCalls(JsonNode calls) {
        List<ToolCall> out = new ArrayList<>();
        for (JsonNode c : calls) {
            JsonNode f = c.path("function");
            out.add(new ToolCall(text(c, "id", null), text(f, "name", ""), text(f, "arguments", "")));
        }
        return out;
    }

    /** OpenAI's finish reasons are the engine's; the legacy {@code function_call} is a tool call. */
    static String finish(JsonNode reason) {
        if (!reason.isTextual()) {
            return Choice.STOP;
        }
        return "function_call".equals(reason.asText()) ? Choice.TOOL_CALLS : reason.asText();
    }

    /**
     * The credential headers: {@code Authorization: Bearer KEY}, Azure's {@code api-key: KEY}, none without a key
     * (a local server). Never logged.
     */
    static Map<String, String> auth(ProviderConfig config) {
        if (!config.apiKey().present()) {
            return Map.of();
        }
        return config.azure() ? Map.of("api-key", config.apiKey().reveal())
                : Map.of("Authorization", "Bearer " + config.apiKey().reveal());
    }

    static byte[] bytes(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** For a path segment or query value ({@code +} is a space only in forms). */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String text(JsonNode n, String field, String dflt) {
        JsonNode v = n.path(field);
        return v.isTextual() ? v.asText() : dflt;
    }
}
