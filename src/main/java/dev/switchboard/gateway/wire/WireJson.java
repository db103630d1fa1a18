package dev.switchboard.gateway.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * Strict readers for request bodies, shared by both wire formats. Each takes a value and the JSON path it was found
 * at, returns null when the value is absent ({@code null} counts as absent, as both APIs treat it), and throws a
 * {@link WireException} naming that path when the value has the wrong type or range.
 */
public final class WireJson {
    /** Thread-safe once configured; shared so every frame is written the same way. */
    /** Buffers recycled through a shared pool: Jackson's ThreadLocal default allocates afresh on every virtual thread. */
    public static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.sharedConcurrentDequePool()).build());
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The models lists' extension field naming a route's kind ({@code table}, {@code cascade}, ...). */
    public static final String ROUTE_KIND = "switchboard_route_kind";

    private WireJson() {
    }

    /** The request body as a JSON object, or a {@link WireException} with no field saying what is wrong with it. */
    public static ObjectNode parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw new WireException(null, "the request body is empty; expected a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            // The original message names line and column; the location part is what helps the client.
            throw new WireException(null, "the request body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new WireException(null, "the request body could not be read: " + e.getMessage());
        }
        return requireObjectBody(node);
    }

    /** The body as an object, or a {@link WireException} when it is not one. */
    public static ObjectNode requireObjectBody(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new WireException(null, "the request body must be a JSON object, got " + describe(body));
        }
        return (ObjectNode) body;
    }

    public static boolean present(JsonNode v) {
        return v != null && !v.isNull() && !v.isMissingNode();
    }

    /** {@code parent.key}, or {@code key} at the top level. */
    public static String path(String parent, String key) {
        return parent == null || parent.isEmpty() ? key : parent + "." + key;
    }

    /** {@code parent[i]}. */
    public static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    /** The value, which must be present. */
    public static JsonNode require(JsonNode v, String path) {
        if (!present(v)) {
            throw new WireException(path, "is required");
        }
        return v;
    }

    public static String string(JsonNode v, String path) {
        if (!present(v)) {
            return null;
        }
        if (!v.isTextual()) {
            throw typeError(path, "a string", v);
        }
        return v.textValue();
    }

    public static String requireString(JsonNode v, String path) {
        return string(require(v, path), path);
    }

    /** A number in {@code [min, max]}. */
    public static Double number(JsonNode v, String path, double min, double max) {
        if (!present(v)) {
            return null;
        }
        if (!v.isNumber()) {
            throw typeError(path, "a number", v);
        }
        double d = v.doubleValue();
        if (Double.isNaN(d) || d < min || d > max) {
            throw new WireException(path, "must be between " + format(min) + " and " + format(max) + ", got "
                    + v.asText());
        }
        return d;
    }

    /** An integer (no fraction, not a float like {@code 1.0}) in {@code [min, max]}. */
    public static Long integer(JsonNode v, String path, long min, long max) {
        if (!present(v)) {
            return null;
        }
        if (!v.isIntegralNumber()) {
            throw typeError(path, "an integer", v);
        }
        boolean unbounded = max >= Integer.MAX_VALUE;
        if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            boolean tooSmall = v.canConvertToLong() ? v.longValue() < min : v.bigIntegerValue().signum() < 0;
            throw new WireException(path, !unbounded ? "must be between " + min + " and " + max + ", got " + v.asText()
                    : tooSmall ? "must be at least " + min + ", got " + v.asText()
                    : "must be at most " + max + ", got " + v.asText());
        }
        return v.longValue();
    }

    /** A positive {@code int}, as token limits are. */
    public static Integer positiveInt(JsonNode v, String path) {
        Long l = integer(v, path, 1, Integer.MAX_VALUE);
        return l == null ? null : l.intValue();
    }

    public static Boolean bool(JsonNode v, String path) {
        if (!present(v)) {
            return null;
        }
        if (!v.isBoolean()) {
            throw typeError(path, "a boolean", v);
        }
        return v.booleanValue();
    }

    public static ArrayNode array(JsonNode v, String path) {
        if (!present(v)) {
            return null;
        }
        if (!v.isArray()) {
            throw typeError(path, "an array", v);
        }
        return (ArrayNode) v;
    }

    public static ObjectNode object(JsonNode v, String path) {
        if (!present(v)) {
            return null;
        }
        if (!v.isObject()) {
            throw typeError(path, "an object", v);
        }
        return (ObjectNode) v;
    }

    public static ObjectNode requireObject(JsonNode v, String path) {
        return object(require(v, path), path);
    }

    /** A string that must be one of {@code allowed}. */
    public static String oneOf(JsonNode v, String path, List<String> allowed) {
        String s = string(v, path);
        if (s != null && !allowed.contains(s)) {
            throw new WireException(path, "must be one of " + String.join(", ", allowed) + ", got '" + s + "'");
        }
        return s;
    }

    public static WireException typeError(String path, String expected, JsonNode got) {
        return new WireException(path, "must be " + expected + ", got " + describe(got));
    }

    /** How a value is named in an error: {@code a string}, {@code null}, {@code an array}... */
    public static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        return switch (v.getNodeType()) {
            case NULL -> "null";
            case STRING -> "a string";
            case NUMBER -> v.isIntegralNumber() ? "an integer" : "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Compact JSON text of a node (no newlines, so it fits one SSE {@code data:} line). */
    public static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serializes; this is not reachable with JsonNode input.
            throw new IllegalStateException(e);
        }
    }

    /** One server-sent event: {@code event: name} (omitted when null), then {@code data: json}, then a blank line. */
    public static String sse(String event, JsonNode data) {
        String frame = "data: " + compact(data) + "\n\n";
        return event == null ? frame : "event: " + event + "\n" + frame;
    }

    private static String format(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
