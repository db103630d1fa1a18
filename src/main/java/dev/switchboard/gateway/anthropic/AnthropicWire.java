package dev.switchboard.gateway.anthropic;

import static dev.switchboard.gateway.wire.WireJson.NODES;
import static dev.switchboard.gateway.wire.WireJson.array;
import static dev.switchboard.gateway.wire.WireJson.bool;
import static dev.switchboard.gateway.wire.WireJson.index;
import static dev.switchboard.gateway.wire.WireJson.integer;
import static dev.switchboard.gateway.wire.WireJson.number;
import static dev.switchboard.gateway.wire.WireJson.object;
import static dev.switchboard.gateway.wire.WireJson.oneOf;
import static dev.switchboard.gateway.wire.WireJson.path;
import static dev.switchboard.gateway.wire.WireJson.positiveInt;
import static dev.switchboard.gateway.wire.WireJson.present;
import static dev.switchboard.gateway.wire.WireJson.require;
import static dev.switchboard.gateway.wire.WireJson.requireObject;
import static dev.switchboard.gateway.wire.WireJson.requireString;
import static dev.switchboard.gateway.wire.WireJson.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.Choice;
import dev.switchboard.engine.request.Message;
import dev.switchboard.engine.request.StreamDelta;
import dev.switchboard.engine.request.ToolCall;
import dev.switchboard.gateway.wire.WireException;
import dev.switchboard.gateway.wire.WireJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Anthropic's Messages format: request bodies in, {@code message} objects, the documented event stream, error
 * bodies and the model list out.
 *
 * <p>Requests are read as strictly as Anthropic reads them: an unknown top-level field is a 400 naming it
 * ({@code foo: Extra inputs are not permitted}, Anthropic's own wording), {@code max_tokens} is required. The
 * translation onto the engine's OpenAI-shaped model:
 * <ul>
 *   <li>{@code system} (a string or text blocks) becomes {@code ChatRequest.system()};</li>
 *   <li>content blocks become OpenAI-shaped content parts ({@code image} → {@code image_url} with a data or
 *       plain URL, a PDF {@code document} → a {@code file} part, a plain-text document → a text part), kept in
 *       {@code Message.parts} only when a message is more than one text block;</li>
 *   <li>an assistant's {@code tool_use} block is a {@link ToolCall} with {@code input} as JSON text; each user
 *       {@code tool_result} block is a separate {@code tool} message answering {@code tool_use_id}, prefixed
 *       {@code Error: } when {@code is_error} is set (OpenAI has no flag for it);</li>
 *   <li>{@code thinking} and {@code redacted_thinking} blocks are dropped: no OpenAI-shaped field carries them;</li>
 *   <li>{@code tools}, {@code tool_choice} and {@code stop_sequences} become their OpenAI equivalents
 *       ({@code disable_parallel_tool_use} becomes {@code parallel_tool_calls: false} in extra);
 *       {@code top_k}, {@code thinking} and {@code service_tier} are kept in extra under
 *       {@link ChatRequest#ANTHROPIC_EXTRA}, for an Anthropic upstream only, and
 *       {@code metadata} is dropped ({@link #endUser} exposes its {@code user_id}).</li>
 * </ul>
 *
 * <p>Errors. The body is {@code {"type":"error","error":{"type","message"}}}; {@link #typeFor} maps the HTTP
 * status onto Anthropic's documented types:
 * <table>
 *   <caption>HTTP status to Anthropic error type</caption>
 *   <tr><th>status</th><th>gateway situation</th><th>type</th></tr>
 *   <tr><td>400</td><td>bad body or field</td><td>invalid_request_error</td></tr>
 *   <tr><td>401</td><td>missing or unknown key</td><td>authentication_error</td></tr>
 *   <tr><td>402</td><td>budget spent (if the gateway answers 402)</td><td>billing_error</td></tr>
 *   <tr><td>403</td><td>key not allowed this model or namespace</td><td>permission_error</td></tr>
 *   <tr><td>404</td><td>unknown model or path</td><td>not_found_error</td></tr>
 *   <tr><td>413</td><td>body too large</td><td>request_too_large</td></tr>
 *   <tr><td>429</td><td>rate limited or budget spent</td><td>rate_limit_error</td></tr>
 *   <tr><td>503, 529</td><td>no model available (breakers open, upstream overloaded)</td><td>overloaded_error</td></tr>
 *   <tr><td>504</td><td>timed out</td><td>timeout_error</td></tr>
 *   <tr><td>500, 502, other</td><td>engine or upstream failure</td><td>api_error</td></tr>
 * </table>
 * In a stream that already started, an error is an {@code event: error} frame; anthropic-java's {@code SseHandler}
 * throws {@code SseException} on it.
 */
public final class AnthropicWire {
    public static final String INVALID_REQUEST_ERROR = "invalid_request_error";
    public static final String AUTHENTICATION_ERROR = "authentication_error";
    public static final String BILLING_ERROR = "billing_error";
    public static final String PERMISSION_ERROR = "permission_error";
    public static final String NOT_FOUND_ERROR = "not_found_error";
    public static final String REQUEST_TOO_LARGE = "request_too_large";
    public static final String RATE_LIMIT_ERROR = "rate_limit_error";
    public static final String API_ERROR = "api_error";
    public static final String TIMEOUT_ERROR = "timeout_error";
    public static final String OVERLOADED_ERROR = "overloaded_error";

    /** The top-level fields of a Messages request this gateway accepts; anything else is rejected. */
    public static final Set<String> ACCEPTED = Set.of("model", "max_tokens", "messages", "system", "temperature",
            "top_p", "top_k", "stop_sequences", "stream", "tools", "tool_choice", "metadata", "thinking",
            "service_tier");
    /** Real Messages fields the gateway cannot honour: rejected with a clearer reason than an unknown field. */
    private static final Set<String> UNSUPPORTED = Set.of("container", "mcp_servers", "context_management",
            "inference_geo", "output_config", "output_format");

    private static final List<String> ROLES = List.of("user", "assistant");
    private static final List<String> USER_BLOCKS = List.of("text", "image", "document", "tool_result");
    private static final List<String> ASSISTANT_BLOCKS = List.of("text", "tool_use", "thinking", "redacted_thinking");
    private static final List<String> IMAGE_TYPES = List.of("image/jpeg", "image/png", "image/gif", "image/webp");
    private static final Set<String> TOOL_FIELDS = Set.of("type", "name", "description", "input_schema",
            "cache_control", "strict");
    /** The stricter of the two APIs' rules, since the name becomes an OpenAI function name. */
    private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final String EXTRA_INPUTS = "Extra inputs are not permitted";

    private AnthropicWire() {
    }

    // ---------------------------------------------------------------------------------------------- requests

    /**
     * A {@code POST /v1/messages} body as a request builder; the gateway adds namespace, user and plan.
     *
     * @throws WireException naming the first field that is unknown, missing, of the wrong type or out of range
     */
    public static ChatRequest.Builder toRequest(JsonNode body) {
        ObjectNode b = WireJson.requireObjectBody(body);
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (UNSUPPORTED.contains(f)) {
                throw new WireException(f, "is not supported by this gateway");
            }
            if (!ACCEPTED.contains(f)) {
                throw new WireException(f, EXTRA_INPUTS);
            }
        }
        String model = requireString(b.get("model"), "model");
        if (model.isBlank()) {
            throw new WireException("model", "must not be empty");
        }
        Integer maxTokens = positiveInt(require(b.get("max_tokens"), "max_tokens"), "max_tokens");
        ArrayNode rawMessages = array(require(b.get("messages"), "messages"), "messages");
        if (rawMessages.isEmpty()) {
            throw new WireException("messages", "must contain at least one message");
        }
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < rawMessages.size(); i++) {
            message(rawMessages.get(i), index("messages", i), messages);
        }
        ObjectNode extra = NODES.objectNode();
        ObjectNode anthropicOnly = NODES.objectNode();
        if (integer(b.get("top_k"), "top_k", 0, Integer.MAX_VALUE) != null) {
            anthropicOnly.set("top_k", b.get("top_k").deepCopy());
        }
        if (object(b.get("thinking"), "thinking") != null) {
            oneOf(require(b.get("thinking").get("type"), "thinking.type"), "thinking.type",
                    List.of("enabled", "disabled", "adaptive"));
            anthropicOnly.set("thinking", b.get("thinking").deepCopy());
        }
        String tier = oneOf(b.get("service_tier"), "service_tier", List.of("auto", "standard_only"));
        if (tier != null) {
            anthropicOnly.put("service_tier", tier);
        }
        if (!anthropicOnly.isEmpty()) {
            extra.set(ChatRequest.ANTHROPIC_EXTRA, anthropicOnly);
        }
        ObjectNode metadata = object(b.get("metadata"), "metadata");
        if (metadata != null) {
            string(metadata.get("user_id"), "metadata.user_id");
        }
        wantsStream(b);
        return ChatRequest.builder()
                .model(model)
                .maxTokens(maxTokens)
                .system(system(b.get("system")))
                .messages(messages)
                .temperature(number(b.get("temperature"), "temperature", 0, 1))
                .topP(number(b.get("top_p"), "top_p", 0, 1))
                .stop(stopSequences(b.get("stop_sequences")))
                .tools(tools(b.get("tools")))
                .toolChoice(toolChoice(b.get("tool_choice"), extra))
                .extra(extra.isEmpty() ? null : extra);
    }

    /** True when the body asks for a stream ({@code "stream": true}). */
    public static boolean wantsStream(JsonNode body) {
        return Boolean.TRUE.equals(bool(body == null ? null : body.get("stream"), "stream"));
    }

    /** {@code metadata.user_id}, the client's own end-user id, or null: a hint, never an identity. */
    public static String endUser(JsonNode body) {
        JsonNode metadata = body == null ? null : body.get("metadata");
        return present(metadata) && metadata.isObject() ? string(metadata.get("user_id"), "metadata.user_id") : null;
    }

    private static String system(JsonNode raw) {
        if (!present(raw)) {
            return null;
        }
        if (raw.isTextual()) {
            return raw.textValue();
        }
        if (!raw.isArray()) {
            throw WireJson.typeError("system", "a string or an array of text blocks", raw);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < raw.size(); i++) {
            String at = index("system", i);
            ObjectNode block = requireObject(raw.get(i), at);
            oneOf(require(block.get("type"), path(at, "type")), path(at, "type"), List.of("text"));
            appendLine(sb, requireString(block.get("text"), path(at, "text")));
        }
        return sb.toString();
    }

    /** Adds one Anthropic message as one or more engine messages (tool results become messages of their own). */
    private static void message(JsonNode raw, String at, List<Message> out) {
        ObjectNode m = requireObject(raw, at);
        for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("role") && !f.equals("content")) {
                throw new WireException(path(at, f), EXTRA_INPUTS);
            }
        }
        String role = oneOf(require(m.get("role"), path(at, "role")), path(at, "role"), ROLES);
        String contentAt = path(at, "content");
        JsonNode content = require(m.get("content"), contentAt);
        if (content.isTextual()) {
            out.add(new Message(role, content.textValue()));
            return;
        }
        if (!content.isArray()) {
            throw WireJson.typeError(contentAt, "a string or an array of content blocks", content);
        }
        if (content.isEmpty()) {
            throw new WireException(contentAt, "must contain at least one content block");
        }
        List<String> allowed = role.equals("user") ? USER_BLOCKS : ASSISTANT_BLOCKS;
        Parts pending = new Parts();
        List<ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            String blockAt = index(contentAt, i);
            ObjectNode block = requireObject(content.get(i), blockAt);
            String type = oneOf(require(block.get("type"), path(blockAt, "type")), path(blockAt, "type"), allowed);
            switch (type) {
                case "text" -> pending.text(requireString(block.get("text"), path(blockAt, "text")));
                case "image" -> pending.add(image(block, blockAt));
                case "document" -> document(block, blockAt, pending);
                case "tool_use" -> calls.add(new ToolCall(requireString(block.get("id"), path(blockAt, "id")),
                        requireString(block.get("name"), path(blockAt, "name")),
                        WireJson.compact(requireObject(block.get("input"), path(blockAt, "input")))));
                case "tool_result" -> {
                    // The blocks before it are a user turn of their own; then the result, as OpenAI's tool message.
                    if (!pending.isEmpty()) {
                        out.add(pending.message("user", null, List.of()));
                        pending = new Parts();
                    }
                    out.add(toolResult(block, blockAt));
                }
                // Signed reasoning an OpenAI-shaped conversation has no place for; dropping it loses no answer text.
                default -> {
                }
            }
        }
        if (role.equals("assistant")) {
            out.add(pending.message("assistant", null, calls));
        } else if (!pending.isEmpty()) {
            out.add(pending.message("user", null, List.of()));
        }
    }

    private static Message toolResult(ObjectNode block, String at) {
        String id = requireString(block.get("tool_use_id"), path(at, "tool_use_id"));
        boolean isError = Boolean.TRUE.equals(bool(block.get("is_error"), path(at, "is_error")));
        JsonNode content = block.get("content");
        String contentAt = path(at, "content");
        Parts parts = new Parts();
        if (present(content)) {
            if (content.isTextual()) {
                parts.text(content.textValue());
            } else if (content.isArray()) {
                for (int i = 0; i < content.size(); i++) {
                    String blockAt = index(contentAt, i);
                    ObjectNode inner = requireObject(content.get(i), blockAt);
                    String type = oneOf(require(inner.get("type"), path(blockAt, "type")), path(blockAt, "type"),
                            List.of("text", "image", "document"));
                    switch (type) {
                        case "text" -> parts.text(requireString(inner.get("text"), path(blockAt, "text")));
                        case "image" -> parts.add(image(inner, blockAt));
                        default -> document(inner, blockAt, parts);
                    }
                }
            } else {
                throw WireJson.typeError(contentAt, "a string or an array of content blocks", content);
            }
        }
        return parts.message("tool", id, List.of(), isError ? "Error: " : "");
    }

    /** An image block as OpenAI's {@code image_url} part: base64 data as a data URL, a URL as itself. */
    private static ObjectNode image(ObjectNode block, String at) {
        String sourceAt = path(at, "source");
        ObjectNode source = requireObject(block.get("source"), sourceAt);
        String type = oneOf(require(source.get("type"), path(sourceAt, "type")), path(sourceAt, "type"),
                List.of("base64", "url", "file"));
        String url = switch (type) {
            case "base64" -> "data:" + oneOf(require(source.get("media_type"), path(sourceAt, "media_type")),
                    path(sourceAt, "media_type"), IMAGE_TYPES) + ";base64,"
                    + requireString(source.get("data"), path(sourceAt, "data"));
            case "url" -> requireString(source.get("url"), path(sourceAt, "url"));
            default -> throw new WireException(path(sourceAt, "type"), "file sources are not supported by this "
                    + "gateway; send the image as base64 or a URL");
        };
        ObjectNode part = NODES.objectNode();
        part.put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    /** A document block: a base64 PDF as OpenAI's {@code file} part, plain text as a text part. */
    private static void document(ObjectNode block, String at, Parts parts) {
        String sourceAt = path(at, "source");
        ObjectNode source = requireObject(block.get("source"), sourceAt);
        String type = oneOf(require(source.get("type"), path(sourceAt, "type")), path(sourceAt, "type"),
                List.of("base64", "text", "url", "content", "file"));
        switch (type) {
            case "base64" -> {
                String media = oneOf(require(source.get("media_type"), path(sourceAt, "media_type")),
                        path(sourceAt, "media_type"), List.of("application/pdf"));
                ObjectNode part = NODES.objectNode();
                part.put("type", "file");
                ObjectNode file = part.putObject("file");
                String title = string(block.get("title"), path(at, "title"));
                file.put("filename", title == null ? "document.pdf" : title);
                file.put("file_data", "data:" + media + ";base64," + requireString(source.get("data"),
                        path(sourceAt, "data")));
                parts.add(part);
            }
            case "text" -> parts.text(requireString(source.get("data"), path(sourceAt, "data")));
            default -> throw new WireException(path(sourceAt, "type"), type + " document sources are not supported "
                    + "by this gateway; send a base64 PDF or plain text");
        }
    }

    private static List<String> stopSequences(JsonNode raw) {
        ArrayNode arr = array(raw, "stop_sequences");
        if (arr == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            out.add(requireString(arr.get(i), index("stop_sequences", i)));
        }
        return out;
    }

    /** Anthropic's {@code [{name, description, input_schema}]} as OpenAI's function tools. */
    private static JsonNode tools(JsonNode raw) {
        ArrayNode arr = array(raw, "tools");
        if (arr == null) {
            return null;
        }
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < arr.size(); i++) {
            String at = index("tools", i);
            ObjectNode tool = requireObject(arr.get(i), at);
            String type = string(tool.get("type"), path(at, "type"));
            if (type != null && !type.equals("custom")) {
                throw new WireException(path(at, "type"), "server tools ('" + type + "') are not supported by this "
                        + "gateway; only client tools with an input_schema are");
            }
            for (Iterator<String> it = tool.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!TOOL_FIELDS.contains(f)) {
                    throw new WireException(path(at, f), EXTRA_INPUTS);
                }
            }
            String name = requireString(tool.get("name"), path(at, "name"));
            if (!TOOL_NAME.matcher(name).matches()) {
                throw new WireException(path(at, "name"), "must be 1 to 64 letters, digits, underscores or dashes, "
                        + "got '" + name + "'");
            }
            String description = string(tool.get("description"), path(at, "description"));
            ObjectNode schema = requireObject(tool.get("input_schema"), path(at, "input_schema"));
            Boolean strict = bool(tool.get("strict"), path(at, "strict"));
            ObjectNode fn = out.addObject().put("type", "function").putObject("function");
            fn.put("name", name);
            if (description != null) {
                fn.put("description", description);
            }
            fn.set("parameters", schema.deepCopy());
            if (strict != null) {
                fn.put("strict", strict);
            }
        }
        return out;
    }

    /** {@code {type: auto|any|tool|none}} as OpenAI's {@code "auto"}, {@code "required"}, a function, {@code "none"}. */
    private static JsonNode toolChoice(JsonNode raw, ObjectNode extra) {
        ObjectNode choice = object(raw, "tool_choice");
        if (choice == null) {
            return null;
        }
        String type = oneOf(require(choice.get("type"), "tool_choice.type"), "tool_choice.type",
                List.of("auto", "any", "tool", "none"));
        Boolean noParallel = bool(choice.get("disable_parallel_tool_use"), "tool_choice.disable_parallel_tool_use");
        if (Boolean.TRUE.equals(noParallel) && !type.equals("none")) {
            extra.put("parallel_tool_calls", false);
        }
        return switch (type) {
            case "auto" -> NODES.textNode("auto");
            case "any" -> NODES.textNode("required");
            case "none" -> NODES.textNode("none");
            default -> {
                ObjectNode fn = NODES.objectNode().put("type", "function");
                fn.putObject("function").put("name", requireString(choice.get("name"), "tool_choice.name"));
                yield fn;
            }
        };
    }

    private static void appendLine(StringBuilder sb, String text) {
        if (!sb.isEmpty()) {
            sb.append('\n');
        }
        sb.append(text);
    }

    /** The blocks of one engine message being gathered: their text, and OpenAI-shaped parts. */
    private static final class Parts {
        private final StringBuilder text = new StringBuilder();
        private final ArrayNode parts = NODES.arrayNode();
        private boolean onlyText = true;

        void text(String t) {
            appendLine(text, t);
            parts.addObject().put("type", "text").put("text", t);
        }

        void add(ObjectNode part) {
            onlyText = false;
            parts.add(part);
        }

        boolean isEmpty() {
            return parts.isEmpty();
        }

        Message message(String role, String toolCallId, List<ToolCall> calls) {
            return message(role, toolCallId, calls, "");
        }

        /** One text block is plain content; anything more keeps the parts, so nothing is lost on the way. */
        Message message(String role, String toolCallId, List<ToolCall> calls, String prefix) {
            JsonNode kept = onlyText && parts.size() <= 1 ? null : parts;
            return new Message(role, prefix + text, null, toolCallId, calls, kept);
        }
    }

    // --------------------------------------------------------------------------------------------- responses

    /**
     * The engine's answer as a Messages {@code message} object: the first choice's text as a text block, then each
     * tool call as a {@code tool_use} block.
     *
     * @param id    the message id, {@code msg_...}
     * @param model the model name to report (usually the one the client asked for)
     */
    public static ObjectNode toResponse(ChatResult r, String id, String model) {
        Choice c = r.choices().get(0);
        ObjectNode o = NODES.objectNode();
        o.put("id", id);
        o.put("type", "message");
        o.put("role", "assistant");
        o.put("model", model);
        ArrayNode content = o.putArray("content");
        // Clients read content[0].text: an answer with nothing in it still gets its (empty) text block.
        if (!c.text().isEmpty() || c.toolCalls().isEmpty()) {
            content.addObject().put("type", "text").put("text", c.text());
        }
        for (int t = 0; t < c.toolCalls().size(); t++) {
            ToolCall call = c.toolCalls().get(t);
            ObjectNode block = content.addObject();
            block.put("type", "tool_use");
            block.put("id", toolId(call.id(), id, t));
            block.put("name", call.name());
            block.set("input", input(call.arguments()));
        }
        o.put("stop_reason", stopReason(c.finishReason()));
        o.putNull("stop_sequence");
        ObjectNode usage = o.putObject("usage");
        usage.put("input_tokens", r.tokensIn());
        usage.put("output_tokens", r.tokensOut());
        // The engine does not use Anthropic's prompt caching: nothing was written to or read from it.
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", 0);
        return o;
    }

    /**
     * OpenAI's finish reason as Anthropic's stop reason: stop→end_turn, length→max_tokens, tool_calls→tool_use,
     * content_filter→refusal; a value that already is an Anthropic stop reason passes unchanged.
     */
    static String stopReason(String finish) {
        if (finish == null) {
            return "end_turn";
        }
        return switch (finish) {
            case Choice.STOP -> "end_turn";
            case Choice.LENGTH -> "max_tokens";
            case Choice.TOOL_CALLS -> "tool_use";
            case "content_filter" -> "refusal";
            case "end_turn", "max_tokens", "tool_use", "refusal", "stop_sequence", "pause_turn",
                 "model_context_window_exceeded" -> finish;
            default -> "end_turn";
        };
    }

    /**
     * The call's own id (an OpenAI {@code call_...} id passes as is: Anthropic's SDKs accept any string), or for a
     * call without one a stable {@code toolu_...} id from the message id and position.
     */
    static String toolId(String own, String messageId, int index) {
        if (own != null && !own.isEmpty()) {
            return own;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((messageId + "/" + index).getBytes(StandardCharsets.UTF_8));
            return "toolu_" + HexFormat.of().formatHex(d).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Arguments text as {@code input}, which must be an object. Blank, invalid or non-object text (a call cut off by
     * max_tokens) becomes {@code {}}, as the official SDKs' stream accumulators treat it.
     */
    static ObjectNode input(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return NODES.objectNode();
        }
        try {
            JsonNode n = WireJson.MAPPER.readTree(arguments);
            return n != null && n.isObject() ? (ObjectNode) n : NODES.objectNode();
        } catch (java.io.IOException e) {
            return NODES.objectNode();
        }
    }

    // ------------------------------------------------------------------------------------------------ errors

    /** {@code {"type":"error","error":{"type","message"}}}. */
    public static ObjectNode error(String type, String message) {
        ObjectNode o = NODES.objectNode();
        o.put("type", "error");
        ObjectNode e = o.putObject("error");
        e.put("type", type);
        e.put("message", message);
        return o;
    }

    /** A rejected body, typed by its status. */
    public static ObjectNode error(WireException e) {
        return error(typeFor(e.status()), e.getMessage());
    }

    /** The error type for an HTTP status, as in the class comment's table. */
    public static String typeFor(int status) {
        return switch (status) {
            case 400 -> INVALID_REQUEST_ERROR;
            case 401 -> AUTHENTICATION_ERROR;
            case 402 -> BILLING_ERROR;
            case 403 -> PERMISSION_ERROR;
            case 404 -> NOT_FOUND_ERROR;
            case 413 -> REQUEST_TOO_LARGE;
            case 429 -> RATE_LIMIT_ERROR;
            case 503, 529 -> OVERLOADED_ERROR;
            case 504 -> TIMEOUT_ERROR;
            default -> status >= 400 && status < 500 ? INVALID_REQUEST_ERROR : API_ERROR;
        };
    }

    // ------------------------------------------------------------------------------------------------ models

    /** The {@code GET /v1/models} page, release dates unknown (the epoch, as Anthropic documents for that case). */
    public static ObjectNode models(List<String> names) {
        return models(names, Map.of());
    }

    /**
     * As {@link #models(List)}, where a name in {@code routeKinds} is a route: its entry has the extension field
     * {@code switchboard_route_kind} and says so in its display name ({@code auto (table route)}).
     */
    public static ObjectNode models(List<String> names, Map<String, String> routeKinds) {
        ObjectNode o = NODES.objectNode();
        ArrayNode data = o.putArray("data");
        for (String name : names) {
            ObjectNode m = data.addObject();
            String kind = routeKinds.get(name);
            m.put("type", "model");
            m.put("id", name);
            m.put("display_name", kind == null ? name : name + " (" + kind + " route)");
            m.put("created_at", "1970-01-01T00:00:00Z");
            if (kind != null) {
                m.put(WireJson.ROUTE_KIND, kind);
            }
        }
        o.put("has_more", false);
        o.put("first_id", names.isEmpty() ? null : names.get(0));
        o.put("last_id", names.isEmpty() ? null : names.get(names.size() - 1));
        return o;
    }

    // ------------------------------------------------------------------------------------------------ stream

    /**
     * Writes one streamed answer as Anthropic's documented events: {@code message_start}; per content block
     * {@code content_block_start}, its {@code content_block_delta}s and {@code content_block_stop}; then
     * {@code message_delta} with the stop reason and usage, and {@code message_stop}. Blocks are numbered in the
     * order they open, one open at a time (opening one closes the last); only choice 0 is streamed, as a Messages
     * request has no {@code n}. Each method returns the text to write, possibly empty; not thread-safe.
     */
    public static final class StreamEncoder {
        private final String messageId;
        private final String model;
        private final int inputTokens;
        /** Engine tool-call index → block index, so later fragments of a call reach its block. */
        private final Map<Integer, Integer> toolBlocks = new HashMap<>();
        private int nextBlock;
        /** The open block's index, or -1; {@code openIsText} says which kind it is. */
        private int open = -1;
        private boolean openIsText;
        private String stopReason;
        private boolean started;
        private boolean closed;

        public StreamEncoder(String messageId, String model, int inputTokens) {
            this.messageId = messageId;
            this.model = model;
            this.inputTokens = inputTokens;
        }

        /** {@code message_start}: the message with no content yet, {@code stop_reason: null}, input tokens. */
        public String start() {
            if (started || closed) {
                return "";
            }
            started = true;
            ObjectNode data = NODES.objectNode().put("type", "message_start");
            ObjectNode m = data.putObject("message");
            m.put("id", messageId);
            m.put("type", "message");
            m.put("role", "assistant");
            m.putArray("content");
            m.put("model", model);
            m.putNull("stop_reason");
            m.putNull("stop_sequence");
            ObjectNode usage = m.putObject("usage");
            usage.put("input_tokens", inputTokens);
            usage.put("cache_creation_input_tokens", 0);
            usage.put("cache_read_input_tokens", 0);
            usage.put("output_tokens", 0);
            return WireJson.sse("message_start", data);
        }

        /** The events one engine delta makes: block transitions, then the block's delta. */
        public String delta(StreamDelta d) {
            if (closed || d.choice() != 0) {
                return "";
            }
            StringBuilder sb = new StringBuilder(start());
            if (d.text() != null && !d.text().isEmpty()) {
                if (open < 0 || !openIsText) {
                    sb.append(closeOpen());
                    open = nextBlock++;
                    openIsText = true;
                    ObjectNode block = NODES.objectNode().put("type", "text").put("text", "");
                    sb.append(blockStart(open, block));
                }
                ObjectNode delta = NODES.objectNode().put("type", "text_delta").put("text", d.text());
                sb.append(blockDelta(open, delta));
            }
            StreamDelta.ToolCallDelta t = d.toolCall();
            if (t != null) {
                Integer block = toolBlocks.get(t.index());
                if (block == null) {
                    sb.append(closeOpen());
                    block = nextBlock++;
                    toolBlocks.put(t.index(), block);
                    open = block;
                    openIsText = false;
                    ObjectNode start = NODES.objectNode();
                    start.put("type", "tool_use");
                    start.put("id", toolId(t.id(), messageId, t.index()));
                    start.put("name", t.name() == null ? "" : t.name());
                    start.putObject("input");
                    sb.append(blockStart(block, start));
                }
                // Always at least one input_json_delta per tool_use block: the SDKs' accumulators require one.
                // A fragment for a call whose block was already closed still goes to that block's index.
                ObjectNode delta = NODES.objectNode().put("type", "input_json_delta")
                        .put("partial_json", t.arguments() == null ? "" : t.arguments());
                sb.append(blockDelta(block, delta));
            }
            if (d.finishReason() != null) {
                stopReason = stopReason(d.finishReason());
                sb.append(closeOpen());
            }
            return sb.toString();
        }

        /** Closes the open block, then {@code message_delta} (stop reason, usage) and {@code message_stop}. */
        public String finish(ChatResult r) {
            if (closed) {
                return "";
            }
            StringBuilder sb = new StringBuilder(start());
            sb.append(closeOpen());
            if (nextBlock == 0) {
                // An empty answer still has its empty text block, as the non-streamed message does.
                ObjectNode block = NODES.objectNode().put("type", "text").put("text", "");
                sb.append(blockStart(0, block));
                sb.append(WireJson.sse("content_block_stop",
                        NODES.objectNode().put("type", "content_block_stop").put("index", 0)));
                nextBlock = 1;
            }
            ObjectNode data = NODES.objectNode().put("type", "message_delta");
            ObjectNode delta = data.putObject("delta");
            delta.put("stop_reason", stopReason != null ? stopReason : stopReason(r.choices().get(0).finishReason()));
            delta.putNull("stop_sequence");
            ObjectNode usage = data.putObject("usage");
            usage.put("input_tokens", r.tokensIn());
            usage.put("output_tokens", r.tokensOut());
            sb.append(WireJson.sse("message_delta", data));
            sb.append(WireJson.sse("message_stop", NODES.objectNode().put("type", "message_stop")));
            closed = true;
            return sb.toString();
        }

        /** {@code event: error}: the stream broke after it started. Nothing is written after it. */
        public String error(String type, String message) {
            if (closed) {
                return "";
            }
            closed = true;
            return WireJson.sse("error", AnthropicWire.error(type, message));
        }

        /** {@code event: ping}: keeps an idle connection open; harmless anywhere in the stream. */
        public String ping() {
            return closed ? "" : WireJson.sse("ping", NODES.objectNode().put("type", "ping"));
        }

        private String closeOpen() {
            if (open < 0) {
                return "";
            }
            int index = open;
            open = -1;
            return WireJson.sse("content_block_stop",
                    NODES.objectNode().put("type", "content_block_stop").put("index", index));
        }

        private static String blockStart(int index, ObjectNode block) {
            ObjectNode data = NODES.objectNode().put("type", "content_block_start").put("index", index);
            data.set("content_block", block);
            return WireJson.sse("content_block_start", data);
        }

        private static String blockDelta(int index, ObjectNode delta) {
            ObjectNode data = NODES.objectNode().put("type", "content_block_delta").put("index", index);
            data.set("delta", delta);
            return WireJson.sse("content_block_delta", data);
        }
    }
}
