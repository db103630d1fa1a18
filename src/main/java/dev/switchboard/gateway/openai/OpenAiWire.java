package dev.switchboard.gateway.openai;

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
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * OpenAI's Chat Completions format: request bodies in, {@code chat.completion} objects, {@code chat.completion.chunk}
 * event streams, error bodies and the model list out.
 *
 * <p>Requests are read strictly where the engine models a field (a wrong type or range is a {@link WireException}
 * naming the exact field, e.g. {@code messages[1].role}) and passed on untouched where it does not: every top-level
 * field not listed in {@link #MODELED} lands in {@code ChatRequest.extra}, for an OpenAI upstream to interpret.
 * System and developer messages stay messages ({@code ChatRequest.system()} is left null), so an OpenAI upstream
 * sees them exactly where the client put them.
 *
 * <p>Errors. OpenAI's body is {@code {"error":{"message","type","param","code"}}}; its SDKs pick the exception class
 * by HTTP status, not by {@code type}, so the status is what must be right. {@link #errorFor} fills in type and code
 * from the status as follows (OpenAI's own values where it has fixed ones, marked "ours" where it does not):
 * <table>
 *   <caption>HTTP status to OpenAI error type and code</caption>
 *   <tr><th>status</th><th>gateway situation</th><th>type</th><th>code</th></tr>
 *   <tr><td>400</td><td>bad body or field ({@code param} = the field)</td><td>invalid_request_error</td>
 *       <td>null</td></tr>
 *   <tr><td>401</td><td>missing or unknown key</td><td>invalid_request_error</td><td>invalid_api_key</td></tr>
 *   <tr><td>403</td><td>key not allowed this model or namespace</td><td>permission_error (ours)</td>
 *       <td>null</td></tr>
 *   <tr><td>404</td><td>unknown path; unknown model: use {@link #modelNotFound}</td><td>invalid_request_error</td>
 *       <td>null; {@code model_not_found}</td></tr>
 *   <tr><td>413</td><td>body too large</td><td>invalid_request_error</td><td>request_too_large (ours)</td></tr>
 *   <tr><td>429</td><td>rate limited (gateway's or upstream's)</td><td>requests (OpenAI also uses {@code tokens})
 *       </td><td>rate_limit_exceeded</td></tr>
 *   <tr><td>429</td><td>budget spent: use {@link #quotaExceeded}</td><td>insufficient_quota</td>
 *       <td>insufficient_quota</td></tr>
 *   <tr><td>500, 502, 503, 504, other 5xx</td><td>engine or upstream failure, no model available, timeout</td>
 *       <td>server_error</td><td>null</td></tr>
 * </table>
 * In a stream that already started (HTTP 200 sent), an error is a {@code data: {"error":{...}}} frame with no
 * {@code [DONE]} after it: openai-java's {@code SseHandler} throws {@code SseException} when a data frame carries
 * an {@code error} object, and to any client a stream without {@code [DONE]} did not complete.
 */
public final class OpenAiWire {
    public static final String INVALID_REQUEST_ERROR = "invalid_request_error";
    public static final String PERMISSION_ERROR = "permission_error";
    public static final String SERVER_ERROR = "server_error";
    public static final String RATE_LIMIT_REQUESTS = "requests";
    public static final String RATE_LIMIT_TOKENS = "tokens";
    public static final String INSUFFICIENT_QUOTA = "insufficient_quota";
    public static final String CODE_INVALID_API_KEY = "invalid_api_key";
    public static final String CODE_MODEL_NOT_FOUND = "model_not_found";
    public static final String CODE_RATE_LIMIT_EXCEEDED = "rate_limit_exceeded";
    public static final String CODE_REQUEST_TOO_LARGE = "request_too_large";

    /** The top-level fields read into the request's own fields (or deliberately not kept); the rest go to extra. */
    public static final Set<String> MODELED = Set.of("model", "messages", "temperature", "top_p", "max_tokens",
            "max_completion_tokens", "stop", "tools", "tool_choice", "response_format", "seed", "n", "user", "stream",
            "stream_options");

    static final List<String> ROLES = List.of("system", "developer", "user", "assistant", "tool");
    private static final Map<String, List<String>> PART_TYPES = Map.of(
            "system", List.of("text"),
            "developer", List.of("text"),
            "tool", List.of("text"),
            "user", List.of("text", "image_url", "input_audio", "file"),
            "assistant", List.of("text", "refusal"));
    /** Message fields each role may carry, beyond role, content and name. */
    private static final Map<String, Set<String>> ROLE_FIELDS = Map.of(
            "system", Set.of(),
            "developer", Set.of(),
            "user", Set.of(),
            "assistant", Set.of("tool_calls", "refusal", "annotations", "audio", "function_call"),
            "tool", Set.of("tool_call_id"));
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final int MAX_STOP = 4;

    private OpenAiWire() {
    }

    // ---------------------------------------------------------------------------------------------- requests

    /**
     * A {@code POST /v1/chat/completions} body as a request builder; the gateway adds namespace, user and plan.
     *
     * @throws WireException naming the first field that is missing, of the wrong type or out of range
     */
    public static ChatRequest.Builder toRequest(JsonNode body) {
        ObjectNode b = WireJson.requireObjectBody(body);
        String model = requireString(b.get("model"), "model");
        if (model.isBlank()) {
            throw new WireException("model", "must not be empty");
        }
        ArrayNode rawMessages = array(require(b.get("messages"), "messages"), "messages");
        if (rawMessages.isEmpty()) {
            throw new WireException("messages", "must contain at least one message");
        }
        List<Message> messages = new ArrayList<>(rawMessages.size());
        for (int i = 0; i < rawMessages.size(); i++) {
            messages.add(message(rawMessages.get(i), index("messages", i)));
        }
        Integer maxTokens = positiveInt(b.get("max_tokens"), "max_tokens");
        Integer maxCompletionTokens = positiveInt(b.get("max_completion_tokens"), "max_completion_tokens");
        if (maxTokens != null && maxCompletionTokens != null) {
            throw new WireException("max_tokens", "cannot be set together with max_completion_tokens; send only "
                    + "max_completion_tokens");
        }
        JsonNode tools = tools(b.get("tools"));
        ChatRequest.Builder out = ChatRequest.builder()
                .model(model)
                .messages(messages)
                .temperature(number(b.get("temperature"), "temperature", 0, 2))
                .topP(number(b.get("top_p"), "top_p", 0, 1))
                .maxTokens(maxTokens != null ? maxTokens : maxCompletionTokens)
                .stop(stop(b.get("stop")))
                .tools(tools)
                .toolChoice(toolChoice(b.get("tool_choice")))
                .responseFormat(responseFormat(b.get("response_format")))
                .seed(integer(b.get("seed"), "seed", Long.MIN_VALUE, Long.MAX_VALUE))
                .n(toInt(integer(b.get("n"), "n", 1, 128)));
        // Validated, not kept: the gateway decides who the user is from the key; endUser() exposes it as a hint.
        string(b.get("user"), "user");
        wantsStream(b);
        includeUsage(b);
        ObjectNode extra = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!MODELED.contains(f.getKey())) {
                extra.set(f.getKey(), f.getValue().deepCopy());
            }
        }
        // Reasoning models accept only max_completion_tokens: keep the name the client used, so an OpenAI upstream
        // is sent that one (maxTokens mirrors it for the engine's budgets and other upstreams).
        if (maxCompletionTokens != null) {
            extra.put("max_completion_tokens", maxCompletionTokens);
        }
        return out.extra(extra.isEmpty() ? null : extra);
    }

    /** True when the body asks for a stream ({@code "stream": true}). */
    public static boolean wantsStream(JsonNode body) {
        return Boolean.TRUE.equals(bool(body == null ? null : body.get("stream"), "stream"));
    }

    /**
     * True when a stream should end with a usage chunk ({@code stream_options.include_usage}).
     *
     * @throws WireException when {@code stream_options} is malformed or sent without {@code "stream": true}
     */
    public static boolean includeUsage(JsonNode body) {
        if (body == null) {
            return false;
        }
        ObjectNode options = object(body.get("stream_options"), "stream_options");
        if (options == null) {
            return false;
        }
        if (!wantsStream(body)) {
            throw new WireException("stream_options", "is only allowed when stream is true");
        }
        return Boolean.TRUE.equals(bool(options.get("include_usage"), "stream_options.include_usage"));
    }

    /** The body's {@code user} field (the client's own end-user id), or null: a hint, never an identity. */
    public static String endUser(JsonNode body) {
        return body == null ? null : string(body.get("user"), "user");
    }

    private static Message message(JsonNode raw, String at) {
        ObjectNode m = requireObject(raw, at);
        String role = oneOf(require(m.get("role"), path(at, "role")), path(at, "role"), ROLES);
        for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("role") && !f.equals("content") && !f.equals("name") && !ROLE_FIELDS.get(role).contains(f)) {
                throw new WireException(path(at, f), "is not a field of a " + role + " message");
            }
        }
        String name = string(m.get("name"), path(at, "name"));
        if ("assistant".equals(role)) {
            return assistant(m, at, name);
        }
        String contentAt = path(at, "content");
        JsonNode content = require(m.get("content"), contentAt);
        String toolCallId = null;
        if ("tool".equals(role)) {
            toolCallId = requireString(m.get("tool_call_id"), path(at, "tool_call_id"));
        }
        return new Message(role, text(content, contentAt, role), name, toolCallId, List.of(), parts(content));
    }

    private static Message assistant(ObjectNode m, String at, String name) {
        if (present(m.get("function_call"))) {
            throw new WireException(path(at, "function_call"), "is deprecated and not supported; use tool_calls");
        }
        if (present(m.get("audio"))) {
            throw new WireException(path(at, "audio"), "is not supported by this gateway");
        }
        // Output-only metadata a client may echo back with the message; it does not change the conversation.
        array(m.get("annotations"), path(at, "annotations"));
        String refusal = string(m.get("refusal"), path(at, "refusal"));
        List<ToolCall> calls = toolCalls(m.get("tool_calls"), path(at, "tool_calls"));
        JsonNode content = m.get("content");
        String contentAt = path(at, "content");
        if (!present(content) && calls.isEmpty() && refusal == null) {
            throw new WireException(contentAt, "is required unless tool_calls is set");
        }
        String text = present(content) ? text(content, contentAt, "assistant") : "";
        if (text.isEmpty() && refusal != null) {
            // A refusal the client echoes back is the assistant's turn; keep its words rather than an empty turn.
            text = refusal;
        }
        return new Message("assistant", text, name, null, calls, parts(content));
    }

    /** The content's text: the string itself, or the text parts of an array joined by newlines. */
    private static String text(JsonNode content, String at, String role) {
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            throw WireJson.typeError(at, "a string or an array of content parts", content);
        }
        if (content.isEmpty()) {
            throw new WireException(at, "must contain at least one content part");
        }
        List<String> allowed = PART_TYPES.get(role);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            String partAt = index(at, i);
            ObjectNode part = requireObject(content.get(i), partAt);
            String type = oneOf(require(part.get("type"), path(partAt, "type")), path(partAt, "type"), allowed);
            switch (type) {
                case "text" -> {
                    if (!sb.isEmpty()) {
                        sb.append('\n');
                    }
                    sb.append(requireString(part.get("text"), path(partAt, "text")));
                }
                case "refusal" -> requireString(part.get("refusal"), path(partAt, "refusal"));
                case "image_url" -> requireString(requireObject(part.get("image_url"), path(partAt, "image_url"))
                        .get("url"), path(partAt, "image_url.url"));
                // Audio and files are checked for presence only; their inner fields are the upstream's to judge.
                default -> requireObject(part.get(type), path(partAt, type));
            }
        }
        return sb.toString();
    }

    /** The parts array itself, untouched, when the content was one; else null. */
    private static JsonNode parts(JsonNode content) {
        return content != null && content.isArray() ? content.deepCopy() : null;
    }

    private static List<ToolCall> toolCalls(JsonNode raw, String at) {
        ArrayNode arr = array(raw, at);
        if (arr == null) {
            return List.of();
        }
        List<ToolCall> calls = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            String callAt = index(at, i);
            ObjectNode call = requireObject(arr.get(i), callAt);
            String id = requireString(call.get("id"), path(callAt, "id"));
            oneOf(require(call.get("type"), path(callAt, "type")), path(callAt, "type"), List.of("function"));
            ObjectNode fn = requireObject(call.get("function"), path(callAt, "function"));
            String name = requireString(fn.get("name"), path(callAt, "function.name"));
            String arguments = requireString(fn.get("arguments"), path(callAt, "function.arguments"));
            calls.add(new ToolCall(id, name, arguments));
        }
        return calls;
    }

    private static List<String> stop(JsonNode raw) {
        if (!present(raw)) {
            return List.of();
        }
        if (raw.isTextual()) {
            return List.of(raw.textValue());
        }
        if (!raw.isArray()) {
            throw WireJson.typeError("stop", "a string or an array of strings", raw);
        }
        if (raw.size() > MAX_STOP) {
            throw new WireException("stop", "must have at most " + MAX_STOP + " sequences, got " + raw.size());
        }
        List<String> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            out.add(requireString(raw.get(i), index("stop", i)));
        }
        return out;
    }

    private static JsonNode tools(JsonNode raw) {
        ArrayNode arr = array(raw, "tools");
        if (arr == null) {
            return null;
        }
        for (int i = 0; i < arr.size(); i++) {
            String at = index("tools", i);
            ObjectNode tool = requireObject(arr.get(i), at);
            String type = requireString(tool.get("type"), path(at, "type"));
            if (!type.equals("function")) {
                throw new WireException(path(at, "type"), "must be function, got '" + type + "' (only function "
                        + "tools are supported by this gateway)");
            }
            ObjectNode fn = requireObject(tool.get("function"), path(at, "function"));
            String name = requireString(fn.get("name"), path(at, "function.name"));
            if (!FUNCTION_NAME.matcher(name).matches()) {
                throw new WireException(path(at, "function.name"), "must be 1 to 64 letters, digits, underscores or "
                        + "dashes, got '" + name + "'");
            }
            string(fn.get("description"), path(at, "function.description"));
            object(fn.get("parameters"), path(at, "function.parameters"));
            bool(fn.get("strict"), path(at, "function.strict"));
        }
        return arr.deepCopy();
    }

    private static JsonNode toolChoice(JsonNode raw) {
        if (!present(raw)) {
            return null;
        }
        if (raw.isTextual()) {
            oneOf(raw, "tool_choice", List.of("none", "auto", "required"));
            return raw.deepCopy();
        }
        if (!raw.isObject()) {
            throw WireJson.typeError("tool_choice", "a string or an object", raw);
        }
        String type = oneOf(require(raw.get("type"), "tool_choice.type"), "tool_choice.type",
                List.of("function", "allowed_tools"));
        if (type.equals("function")) {
            requireString(requireObject(raw.get("function"), "tool_choice.function").get("name"),
                    "tool_choice.function.name");
        } else {
            requireObject(raw.get("allowed_tools"), "tool_choice.allowed_tools");
        }
        return raw.deepCopy();
    }

    private static JsonNode responseFormat(JsonNode raw) {
        ObjectNode rf = object(raw, "response_format");
        if (rf == null) {
            return null;
        }
        String type = oneOf(require(rf.get("type"), "response_format.type"), "response_format.type",
                List.of("text", "json_object", "json_schema"));
        if (type.equals("json_schema")) {
            requireString(requireObject(rf.get("json_schema"), "response_format.json_schema").get("name"),
                    "response_format.json_schema.name");
        }
        return rf.deepCopy();
    }

    private static Integer toInt(Long v) {
        return v == null ? null : v.intValue();
    }

    // --------------------------------------------------------------------------------------------- responses

    /**
     * The engine's answer as a {@code chat.completion} object.
     *
     * @param id      the completion's id, {@code chatcmpl-...}
     * @param model   the model name to report (usually the one the client asked for)
     */
    public static ObjectNode toResponse(ChatResult r, String id, long createdEpochSeconds, String model) {
        ObjectNode o = NODES.objectNode();
        o.put("id", id);
        o.put("object", "chat.completion");
        o.put("created", createdEpochSeconds);
        o.put("model", model);
        ArrayNode choices = o.putArray("choices");
        for (Choice c : r.choices()) {
            ObjectNode choice = choices.addObject();
            choice.put("index", c.index());
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            if (c.text().isEmpty() && !c.toolCalls().isEmpty()) {
                message.putNull("content");
            } else {
                message.put("content", c.text());
            }
            message.putNull("refusal");
            if (!c.toolCalls().isEmpty()) {
                ArrayNode calls = message.putArray("tool_calls");
                for (int t = 0; t < c.toolCalls().size(); t++) {
                    ToolCall call = c.toolCalls().get(t);
                    ObjectNode tc = calls.addObject();
                    tc.put("id", callId(call.id(), id, c.index(), t));
                    tc.put("type", "function");
                    ObjectNode fn = tc.putObject("function");
                    fn.put("name", call.name());
                    fn.put("arguments", call.arguments());
                }
            }
            message.putArray("annotations");
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReason(c.finishReason()));
        }
        o.set("usage", usage(r));
        return o;
    }

    private static ObjectNode usage(ChatResult r) {
        ObjectNode u = NODES.objectNode();
        u.put("prompt_tokens", r.tokensIn());
        u.put("completion_tokens", r.tokensOut());
        u.put("total_tokens", (long) r.tokensIn() + r.tokensOut());
        return u;
    }

    /**
     * The finish reason in OpenAI's vocabulary. The engine already speaks it; Anthropic stop reasons an upstream
     * adapter left unmapped are mapped here so a client never sees a value outside OpenAI's list.
     */
    static String finishReason(String reason) {
        if (reason == null) {
            return Choice.STOP;
        }
        return switch (reason) {
            case "end_turn", "stop_sequence", "pause_turn" -> Choice.STOP;
            case "max_tokens", "model_context_window_exceeded" -> Choice.LENGTH;
            case "tool_use" -> Choice.TOOL_CALLS;
            case "refusal" -> "content_filter";
            default -> reason;
        };
    }

    /**
     * The call's own id, or, for an upstream that gave none, a stable {@code call_...} id derived from the
     * completion id and position: a client needs an id to answer the call, and a replayed answer gets the same one.
     */
    static String callId(String own, String completionId, int choice, int index) {
        if (own != null && !own.isEmpty()) {
            return own;
        }
        return "call_" + digest(completionId + "/" + choice + "/" + index).substring(0, 24);
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ errors

    /** {@code {"error":{"message","type","param","code"}}}; {@code param} and {@code code} may be null. */
    public static ObjectNode error(String message, String type, String param, String code) {
        ObjectNode o = NODES.objectNode();
        ObjectNode e = o.putObject("error");
        e.put("message", message);
        e.put("type", type);
        e.put("param", param);
        e.put("code", code);
        return o;
    }

    /** A rejected body: its status's type (see the table), {@code param} = the field. */
    public static ObjectNode error(WireException e) {
        ObjectNode o = errorFor(e.status(), e.getMessage());
        ((ObjectNode) o.get("error")).put("param", e.field());
        return o;
    }

    /** An error body whose type and code follow from the HTTP status, as in the class comment's table. */
    public static ObjectNode errorFor(int status, String message) {
        return switch (status) {
            case 400 -> error(message, INVALID_REQUEST_ERROR, null, null);
            case 401 -> error(message, INVALID_REQUEST_ERROR, null, CODE_INVALID_API_KEY);
            case 403 -> error(message, PERMISSION_ERROR, null, null);
            case 413 -> error(message, INVALID_REQUEST_ERROR, null, CODE_REQUEST_TOO_LARGE);
            case 429 -> error(message, RATE_LIMIT_REQUESTS, null, CODE_RATE_LIMIT_EXCEEDED);
            default -> status >= 500 ? error(message, SERVER_ERROR, null, null)
                    : error(message, INVALID_REQUEST_ERROR, null, null);
        };
    }

    /** The 404 for an unknown model, worded as OpenAI words it. */
    public static ObjectNode modelNotFound(String model) {
        return error("The model `" + model + "` does not exist or you do not have access to it.",
                INVALID_REQUEST_ERROR, "model", CODE_MODEL_NOT_FOUND);
    }

    /** The 429 for a spent budget: OpenAI's quota error, which clients treat as not worth retrying soon. */
    public static ObjectNode quotaExceeded(String message) {
        return error(message, INSUFFICIENT_QUOTA, null, INSUFFICIENT_QUOTA);
    }

    // ------------------------------------------------------------------------------------------------ models

    /** The {@code GET /v1/models} list: {@code {"object":"list","data":[{"id","object":"model","created","owned_by"}]}}. */
    public static ObjectNode models(List<String> names, long created) {
        return models(names, Map.of(), created);
    }

    /**
     * As {@link #models(List, long)}, where a name in {@code routeKinds} is a route: its entry has the extension
     * field {@code switchboard_route_kind} ({@code table}, {@code cascade}, ...), which the SDKs keep as an
     * additional property.
     */
    public static ObjectNode models(List<String> names, Map<String, String> routeKinds, long created) {
        ObjectNode o = NODES.objectNode();
        o.put("object", "list");
        ArrayNode data = o.putArray("data");
        for (String name : names) {
            ObjectNode m = data.addObject();
            m.put("id", name);
            m.put("object", "model");
            m.put("created", created);
            m.put("owned_by", "switchboard");
            String kind = routeKinds.get(name);
            if (kind != null) {
                m.put(WireJson.ROUTE_KIND, kind);
            }
        }
        return o;
    }

    // ------------------------------------------------------------------------------------------------ stream

    /**
     * Writes one streamed completion as OpenAI's server-sent events: {@link #start()}, a {@link #delta} per engine
     * delta, then {@link #finish} (or {@link #error} when the stream broke). Each method returns the text to write,
     * possibly empty; one encoder per response, not thread-safe.
     */
    public static final class StreamEncoder {
        private final String id;
        private final long created;
        private final String model;
        private final boolean includeUsage;
        private final Set<Integer> started = new HashSet<>();
        private final Set<Integer> finished = new HashSet<>();
        private final Map<Integer, Set<Integer>> callsSeen = new HashMap<>();
        private boolean closed;

        public StreamEncoder(String id, long createdEpochSeconds, String model, boolean includeUsage) {
            this.id = id;
            this.created = createdEpochSeconds;
            this.model = model;
            this.includeUsage = includeUsage;
        }

        /** The first chunk: choice 0's {@code delta: {role: "assistant", content: ""}}. */
        public String start() {
            if (closed || !started.add(0)) {
                return "";
            }
            ObjectNode delta = NODES.objectNode();
            delta.put("role", "assistant");
            delta.put("content", "");
            return frame(chunk(0, delta, null));
        }

        /** One chunk for one engine delta; the first delta of a choice other than 0 also carries the role. */
        public String delta(StreamDelta d) {
            if (closed) {
                return "";
            }
            ObjectNode delta = NODES.objectNode();
            if (started.add(d.choice())) {
                delta.put("role", "assistant");
            }
            if (d.text() != null) {
                delta.put("content", d.text());
            }
            StreamDelta.ToolCallDelta t = d.toolCall();
            if (t != null) {
                ObjectNode call = delta.putArray("tool_calls").addObject();
                call.put("index", t.index());
                ObjectNode fn = NODES.objectNode();
                if (callsSeen.computeIfAbsent(d.choice(), c -> new TreeSet<>()).add(t.index())) {
                    // The first fragment of a call names it, as OpenAI's does; later ones carry arguments only.
                    call.put("id", callId(t.id(), id, d.choice(), t.index()));
                    call.put("type", "function");
                    fn.put("name", t.name() == null ? "" : t.name());
                    fn.put("arguments", t.arguments() == null ? "" : t.arguments());
                } else {
                    fn.put("arguments", t.arguments() == null ? "" : t.arguments());
                }
                call.set("function", fn);
            }
            String finish = d.finishReason() == null ? null : finishReason(d.finishReason());
            if (finish != null) {
                finished.add(d.choice());
            }
            if (delta.isEmpty() && finish == null) {
                return "";
            }
            return frame(chunk(d.choice(), delta, finish));
        }

        /**
         * The end: a finish chunk for any choice whose finish reason was not streamed, the usage chunk
         * ({@code choices: []}) when the client asked for it, then {@code data: [DONE]}.
         */
        public String finish(ChatResult r) {
            if (closed) {
                return "";
            }
            StringBuilder sb = new StringBuilder();
            for (Choice c : r.choices()) {
                if (!finished.contains(c.index())) {
                    ObjectNode delta = NODES.objectNode();
                    if (started.add(c.index())) {
                        delta.put("role", "assistant");
                        delta.put("content", "");
                    }
                    finished.add(c.index());
                    sb.append(frame(chunk(c.index(), delta, finishReason(c.finishReason()))));
                }
            }
            if (includeUsage) {
                ObjectNode chunk = header();
                chunk.putArray("choices");
                chunk.set("usage", usage(r));
                sb.append(frame(chunk));
            }
            sb.append("data: [DONE]\n\n");
            closed = true;
            return sb.toString();
        }

        /**
         * An error after the stream started: {@code data: {"error":{...}}} and no {@code [DONE]}, so SDKs throw and
         * a plain client sees the stream did not complete. Nothing is written after it.
         */
        public String error(String type, String message) {
            if (closed) {
                return "";
            }
            closed = true;
            return frame(OpenAiWire.error(message, type, null, null));
        }

        private ObjectNode header() {
            ObjectNode o = NODES.objectNode();
            o.put("id", id);
            o.put("object", "chat.completion.chunk");
            o.put("created", created);
            o.put("model", model);
            return o;
        }

        private ObjectNode chunk(int choice, ObjectNode delta, String finishReason) {
            ObjectNode o = header();
            ObjectNode c = o.putArray("choices").addObject();
            c.put("index", choice);
            c.set("delta", delta);
            c.putNull("logprobs");
            c.put("finish_reason", finishReason);
            if (includeUsage) {
                // Documented: with include_usage, every chunk but the last carries "usage": null.
                o.putNull("usage");
            }
            return o;
        }

        private static String frame(ObjectNode data) {
            return WireJson.sse(null, data);
        }
    }
}
