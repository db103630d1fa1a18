package dev.switchboard.engine.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.error.Echo;
import dev.switchboard.engine.error.UpstreamRejectedException;
import dev.switchboard.engine.provider.ProviderResponse;
import dev.switchboard.engine.provider.TokenEstimator;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.Choice;
import dev.switchboard.engine.request.Message;
import dev.switchboard.engine.request.ToolCall;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Messages API wire format, from and to the engine's OpenAI-shaped request and answer:
 * <ul>
 *   <li>the system prompt and any {@code system}/{@code developer} messages become the top-level {@code system};</li>
 *   <li>messages become content blocks: text, images (from {@code image_url} parts: data URLs as base64, others as
 *       URL sources; other part types are dropped), an assistant's tool calls as {@code tool_use} blocks, and
 *       {@code tool} messages as {@code tool_result} blocks in a user turn. Consecutive turns of one role merge, as
 *       Anthropic requires user and assistant to alternate;</li>
 *   <li>OpenAI's tools, {@code tool_choice} and {@code stop} become {@code input_schema} tools, Anthropic's
 *       tool_choice and {@code stop_sequences}; {@code response_format} and {@code seed}, which Anthropic has no
 *       equivalent of, are not sent, nor is {@code extra} (it holds OpenAI fields) beyond its {@link ChatRequest#ANTHROPIC_EXTRA} part;</li>
 *   <li>{@code max_tokens} is required: {@link #DEFAULT_MAX_TOKENS} when the request sets none.</li>
 * </ul>
 */
final class AnthropicWire {
    static final ObjectMapper JSON = dev.switchboard.engine.request.Json.mapper();
    /**
     * The output cap when a request gives none (Anthropic requires one): 4096 is the largest value every current
     * Claude model accepts (Claude 3 Haiku's maximum), so no model refuses it and few answers are cut short by it.
     */
    static final int DEFAULT_MAX_TOKENS = 4096;

    private AnthropicWire() {
    }

    static ObjectNode body(ChatRequest r, ModelConfig m, boolean stream) {
        if (r.n() != null && r.n() > 1) {
            throw new UpstreamRejectedException(m.name(), 400, "n > 1 is not supported by Anthropic models");
        }
        ObjectNode b = JSON.createObjectNode();
        b.put("model", m.upstreamModel());
        b.put("max_tokens", maxTokens(r));
        List<String> system = new ArrayList<>();
        if (r.system() != null && !r.system().isBlank()) {
            system.add(r.system());
        }
        ArrayNode messages = JSON.createArrayNode();
        String lastRole = null;
        ArrayNode lastContent = null;
        for (Message msg : r.messages()) {
            String role;
            List<ObjectNode> blocks;
            switch (msg.role()) {
                case "system", "developer" -> {
                    system.add(msg.content());
                    continue;
                }
                case "tool" -> {
                    role = "user";
                    blocks = List.of(toolResult(msg));
                }
                case "assistant" -> {
                    role = "assistant";
                    blocks = assistant(msg, m);
                }
                default -> {
                    role = "user";
                    blocks = user(msg);
                }
            }
            if (!role.equals(lastRole)) {
                ObjectNode turn = messages.addObject().put("role", role);
                lastContent = turn.putArray("content");
                lastRole = role;
            }
            lastContent.addAll(blocks);
        }
        if (!system.isEmpty()) {
            b.put("system", String.join("\n\n", system));
        }
        b.set("messages", messages);
        if (r.temperature() != null) {
            b.put("temperature", r.temperature());
        }
        if (r.topP() != null) {
            b.put("top_p", r.topP());
        }
        if (!r.stop().isEmpty()) {
            ArrayNode stop = b.putArray("stop_sequences");
            r.stop().forEach(stop::add);
        }
        ArrayNode tools = tools(r.tools());
        if (tools != null) {
            b.set("tools", tools);
        }
        ObjectNode choice = toolChoice(r.toolChoice());
        if (choice != null) {
            b.set("tool_choice", choice);
        }
        // An Anthropic caller's own fields (top_k, thinking, service_tier) go back to an Anthropic upstream as sent.
        if (r.extra() != null && r.extra().get(ChatRequest.ANTHROPIC_EXTRA) instanceof ObjectNode own) {
            b.setAll(own.deepCopy());
        }
        if (stream) {
            b.put("stream", true);
        }
        return b;
    }

    private static int maxTokens(ChatRequest r) {
        if (r.maxTokens() != null) {
            return r.maxTokens();
        }
        JsonNode mct = r.extra() == null ? null : r.extra().get("max_completion_tokens");
        return mct != null && mct.canConvertToInt() ? mct.asInt() : DEFAULT_MAX_TOKENS;
    }

    private static ObjectNode text(String text) {
        return JSON.createObjectNode().put("type", "text").put("text", text);
    }

    private static List<ObjectNode> user(Message msg) {
        List<ObjectNode> blocks = new ArrayList<>();
        if (msg.parts() != null && msg.parts().isArray()) {
            for (JsonNode part : msg.parts()) {
                switch (part.path("type").asText()) {
                    case "text" -> blocks.add(text(part.path("text").asText()));
                    case "image_url" -> {
                        ObjectNode image = image(part.path("image_url"));
                        if (image != null) {
                            blocks.add(image);
                        }
                    }
                    default -> {
                        // Audio, files: no Messages API equivalent here; the text parts still go.
                    }
                }
            }
        }
        if (blocks.isEmpty()) {
            blocks.add(text(msg.content()));
        }
        return blocks;
    }

    /** An OpenAI {@code image_url} ({@code {url}} or the URL itself) as an Anthropic image block. */
    private static ObjectNode image(JsonNode imageUrl) {
        String url = imageUrl.isTextual() ? imageUrl.asText() : imageUrl.path("url").asText("");
        ObjectNode block = JSON.createObjectNode().put("type", "image");
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            String meta = comma < 0 ? "" : url.substring(5, comma);
            if (!meta.endsWith(";base64")) {
                return null;
            }
            block.putObject("source").put("type", "base64")
                    .put("media_type", meta.substring(0, meta.length() - ";base64".length()))
                    .put("data", url.substring(comma + 1));
            return block;
        }
        if (url.startsWith("https://") || url.startsWith("http://")) {
            block.putObject("source").put("type", "url").put("url", url);
            return block;
        }
        return null;
    }

    private static List<ObjectNode> assistant(Message msg, ModelConfig m) {
        List<ObjectNode> blocks = new ArrayList<>();
        if (!msg.content().isEmpty() || msg.toolCalls().isEmpty()) {
            blocks.add(text(msg.content()));
        }
        for (ToolCall c : msg.toolCalls()) {
            ObjectNode use = JSON.createObjectNode().put("type", "tool_use");
            use.put("id", c.id() == null ? "" : c.id());
            use.put("name", c.name());
            use.set("input", input(c, m));
            blocks.add(use);
        }
        return blocks;
    }

    /** A tool call's arguments as the JSON object Anthropic's {@code input} must be. */
    private static JsonNode input(ToolCall c, ModelConfig m) {
        if (c.arguments().isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode n = JSON.readTree(c.arguments());
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (IOException notJson) {
            // Reported below.
        }
        throw new UpstreamRejectedException(m.name(), 400, "the arguments of tool call '" + Echo.of(c.name())
                + "' are not a JSON object, which Anthropic requires: " + Echo.of(c.arguments()));
    }

    private static ObjectNode toolResult(Message msg) {
        ObjectNode r = JSON.createObjectNode().put("type", "tool_result");
        r.put("tool_use_id", msg.toolCallId() == null ? "" : msg.toolCallId());
        r.put("content", msg.content());
        return r;
    }

    /** OpenAI's function tools as Anthropic's; other tool types have no equivalent and are left out. */
    private static ArrayNode tools(JsonNode tools) {
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return null;
        }
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode t : tools) {
            JsonNode f = t.path("function");
            if (!f.isObject()) {
                continue;
            }
            ObjectNode tool = out.addObject().put("name", f.path("name").asText());
            if (f.path("description").isTextual()) {
                tool.put("description", f.get("description").asText());
            }
            tool.set("input_schema", f.path("parameters").isObject() ? f.get("parameters")
                    : JSON.createObjectNode().put("type", "object"));
        }
        return out.isEmpty() ? null : out;
    }

    /** auto, none, required and {function: {name}} as {type: auto | none | any | tool}. */
    private static ObjectNode toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        String word = choice.isTextual() ? choice.asText() : choice.path("type").asText();
        String name = choice.path("function").path("name").asText(null);
        ObjectNode out = JSON.createObjectNode();
        if (name != null) {
            return out.put("type", "tool").put("name", name);
        }
        return switch (word) {
            case "none" -> out.put("type", "none");
            case "required", "any" -> out.put("type", "any");
            case "auto" -> out.put("type", "auto");
            default -> null;
        };
    }

    static ProviderResponse response(JsonNode j, ChatRequest r, ModelConfig m) {
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : j.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> calls.add(new ToolCall(block.path("id").asText(null), block.path("name").asText(""),
                        block.path("input").isMissingNode() ? "{}" : block.get("input").toString()));
                default -> {
                    // thinking and server-tool blocks: not part of the OpenAI-shaped answer.
                }
            }
        }
        List<Choice> choices = List.of(new Choice(0, text.toString(), calls, finish(j.path("stop_reason"))));
        JsonNode u = j.path("usage");
        int read = u.path("cache_read_input_tokens").asInt(0);
        int write = u.path("cache_creation_input_tokens").asInt(0);
        // Anthropic's input_tokens leaves out cached input; cost counts it all, the parts stay visible.
        int in = u.path("input_tokens").canConvertToInt() ? u.get("input_tokens").asInt() + read + write
                : TokenEstimator.ofRequest(r);
        int out = u.path("output_tokens").canConvertToInt() ? u.get("output_tokens").asInt()
                : TokenEstimator.ofChoices(choices);
        String model = j.path("model").isTextual() ? j.get("model").asText() : m.upstreamModel();
        return new ProviderResponse(choices, model, in, out, read, write);
    }

    /** Anthropic's stop reasons in OpenAI's vocabulary. */
    static String finish(JsonNode stopReason) {
        return switch (stopReason.asText("")) {
            case "max_tokens", "model_context_window_exceeded" -> Choice.LENGTH;
            case "tool_use" -> Choice.TOOL_CALLS;
            case "refusal" -> "content_filter";
            default -> Choice.STOP;
        };
    }
}
