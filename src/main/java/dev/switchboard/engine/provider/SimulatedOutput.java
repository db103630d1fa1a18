package dev.switchboard.engine.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.config.OutputShares;
import dev.switchboard.engine.parse.Expectation;
import dev.switchboard.engine.parse.Reprompt;
import dev.switchboard.engine.parse.SchemaSampler;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.Message;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulator's structured answers: a value drawn from the expected schema, rendered in a shape (clean JSON, JSON
 * in prose, a fenced block, key-value lines, broken, a refusal) picked by the configured {@link OutputShares}. Both
 * the value and the shape follow from a hash of the model, the conversation and the response format, so replays
 * repeat. A re-prompt ({@link Reprompt#isFollowUp}) is answered with clean JSON: the model "listens".
 */
public final class SimulatedOutput {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a {@code json_object} answer holds: the simulator has no schema to go by. */
    private static final JsonNode OBJECT_SCHEMA = schema("{\"type\":\"object\",\"required\":[\"answer\"],"
            + "\"properties\":{\"answer\":{\"type\":\"string\"},\"confidence\":{\"type\":\"number\",\"minimum\":0,"
            + "\"maximum\":1}}}");
    static final String REFUSAL = "I'm sorry, but I can't help with that request.";

    /** The shapes, in the order their shares are laid out on [0, 1). */
    public enum Shape { PROSE, FENCED, KEY_VALUE, BROKEN, REFUSAL, CLEAN }

    private SimulatedOutput() {
    }

    /** The answer to {@code r} from {@code model}, which expects {@code e}. */
    public static String answer(String model, ChatRequest r, Expectation e, OutputShares shares) {
        return answer(model, r, e, shares, null);
    }

    /**
     * As {@link #answer(String, ChatRequest, Expectation, OutputShares)}, the value then marked with {@code verdict}
     * ({@link SimulatedQuality#mark}: its label, code and confidence) before it is rendered; null: unmarked.
     */
    public static String answer(String model, ChatRequest r, Expectation e, OutputShares shares,
                                SimulatedQuality.Verdict verdict) {
        SplittableRandom rnd = new SplittableRandom(hash(model, r));
        Shape shape = Reprompt.isFollowUp(r) ? Shape.CLEAN : shape(rnd.nextDouble(), shares);
        JsonNode schema = schemaOf(e);
        JsonNode value = SchemaSampler.sample(schema, rnd.nextLong());
        if (verdict != null) {
            value = SimulatedQuality.mark(value, schema, verdict);
        }
        return render(value, schema, shape);
    }

    /** The shape whose share covers {@code u} (in [0, 1)); past every share, clean. */
    public static Shape shape(double u, OutputShares s) {
        double[] cut = {s.prose(), s.fenced(), s.keyValue(), s.broken(), s.refusal()};
        double acc = 0;
        for (int i = 0; i < cut.length; i++) {
            acc += cut[i];
            if (u < acc) {
                return Shape.values()[i];
            }
        }
        return Shape.CLEAN;
    }

    static String render(JsonNode value, JsonNode schema, Shape shape) {
        return switch (shape) {
            case CLEAN -> value.toString();
            case PROSE -> "Here is the result: " + value + "\nLet me know if you need anything else.";
            case FENCED -> fenced(value);
            case KEY_VALUE -> flat(value) ? keyValues((ObjectNode) value) : fenced(value);
            case BROKEN -> broken(value, schema);
            case REFUSAL -> REFUSAL;
        };
    }

    private static String fenced(JsonNode v) {
        try {
            return "```json\n" + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(v) + "\n```";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An object of scalars and lists of scalars: what key-value lines can carry. */
    private static boolean flat(JsonNode v) {
        if (!v.isObject() || v.isEmpty()) {
            return false;
        }
        for (JsonNode f : v) {
            if (f.isObject() || f.isArray() && (f.isEmpty() || !allScalars(f))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allScalars(JsonNode a) {
        for (JsonNode x : a) {
            if (x.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    private static String keyValues(ObjectNode o) {
        StringBuilder sb = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sb.append(e.getKey()).append(": ");
            JsonNode v = e.getValue();
            if (v.isArray()) {
                for (int i = 0; i < v.size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append(v.get(i).asText());
                }
            } else {
                sb.append(v.isNull() ? "null" : v.asText());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Damage no strategy can repair: a required field left out of an otherwise valid object, else the JSON cut
     * off before it closes.
     */
    private static String broken(JsonNode value, JsonNode schema) {
        JsonNode req = schema.get("required");
        if (value.isObject() && req != null && req.isArray() && !req.isEmpty()) {
            ObjectNode copy = ((ObjectNode) value).deepCopy();
            copy.remove(req.get(0).asText());
            return copy.toString();
        }
        String s = value.toString();
        return s.substring(0, Math.max(1, s.length() / 2));
    }

    private static JsonNode schemaOf(Expectation e) {
        return switch (e) {
            case Expectation.JsonSchema js -> js.schema();
            case Expectation.JsonObject o -> OBJECT_SCHEMA;
            case Expectation.Fields f -> {
                ObjectNode s = JsonNodeFactory.instance.objectNode().put("type", "object");
                ObjectNode props = s.putObject("properties");
                f.fields().forEach(k -> props.putObject(k).put("type", "string"));
                f.fields().forEach(s.putArray("required")::add);
                yield s;
            }
        };
    }

    /** 64-bit FNV-1a of the model, the conversation and the response format. */
    static long hash(String model, ChatRequest r) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, model);
        h = fnv(h, r.system());
        for (Message m : r.messages()) {
            h = fnv(h, m.role());
            h = fnv(h, m.content());
        }
        return fnv(h, r.responseFormat() == null ? null : r.responseFormat().toString());
    }

    private static long fnv(long h, String s) {
        return SimulatedProvider.fnv(h, s);
    }

    private static JsonNode schema(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
