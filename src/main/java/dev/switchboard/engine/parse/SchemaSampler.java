package dev.switchboard.engine.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws a value from a JSON Schema, the same one for the same seed: the simulator's structured answers and the
 * tests' data. Covers the keywords answers are described with: object (properties, required; optional properties
 * present half the time), array (items, minItems, maxItems), string (enum, format date and email, minLength,
 * maxLength), integer and number (minimum, maximum), boolean, null, const, and anyOf/oneOf by their first branch.
 * Strings are words without commas or line breaks, so they survive a key-value rendering.
 */
public final class SchemaSampler {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] WORDS = ("alpha bravo cedar delta ember falcon garnet harbor iris juniper kestrel "
            + "lumen maple nova orbit pebble quartz river sierra tundra umber violet willow xenon yarrow zephyr")
            .split(" ");
    private static final int MAX_DEPTH = 8;

    private SchemaSampler() {
    }

    public static JsonNode sample(JsonNode schema, long seed) {
        return value(schema, new SplittableRandom(seed), 0);
    }

    private static JsonNode value(JsonNode s, SplittableRandom rnd, int depth) {
        if (s == null || !s.isObject() || depth > MAX_DEPTH) {
            return F.nullNode();
        }
        if (s.has("const")) {
            return s.get("const").deepCopy();
        }
        JsonNode en = s.get("enum");
        if (en != null && en.isArray() && !en.isEmpty()) {
            return en.get(rnd.nextInt(en.size())).deepCopy();
        }
        for (String k : new String[] {"anyOf", "oneOf"}) {
            JsonNode b = s.get(k);
            if (b != null && b.isArray() && !b.isEmpty()) {
                return value(b.get(0), rnd, depth + 1);
            }
        }
        return switch (type(s)) {
            case "object" -> object(s, rnd, depth);
            case "array" -> array(s, rnd, depth);
            case "integer" -> {
                long lo = s.has("minimum") ? (long) Math.ceil(s.get("minimum").asDouble()) : 0;
                long hi = s.has("maximum") ? (long) Math.floor(s.get("maximum").asDouble()) : Math.max(lo, 0) + 1000;
                long v = hi <= lo ? lo : lo + rnd.nextLong(hi - lo + 1);
                // An int where it fits, as Jackson reads it back: a sample equals its own JSON.
                yield v == (int) v ? F.numberNode((int) v) : F.numberNode(v);
            }
            case "number" -> {
                double lo = s.has("minimum") ? s.get("minimum").asDouble() : 0;
                double hi = s.has("maximum") ? s.get("maximum").asDouble() : Math.max(lo, 0) + 1000;
                double v = hi <= lo ? lo : lo + rnd.nextDouble() * (hi - lo);
                // Two decimals, kept inside the bounds.
                double r = Math.min(hi, Math.max(lo, Math.round(v * 100) / 100.0));
                yield F.numberNode(r);
            }
            case "boolean" -> F.booleanNode(rnd.nextBoolean());
            case "null" -> F.nullNode();
            default -> F.textNode(string(s, rnd));
        };
    }

    private static String type(JsonNode s) {
        JsonNode t = s.get("type");
        if (t == null) {
            return s.has("properties") ? "object" : s.has("items") ? "array" : "string";
        }
        if (t.isArray()) {
            for (JsonNode x : t) {
                if (!"null".equals(x.asText())) {
                    return x.asText();
                }
            }
            return "null";
        }
        return t.asText();
    }

    private static ObjectNode object(JsonNode s, SplittableRandom rnd, int depth) {
        ObjectNode o = F.objectNode();
        Set<String> required = new HashSet<>();
        JsonNode req = s.get("required");
        if (req != null && req.isArray()) {
            req.forEach(r -> required.add(r.asText()));
        }
        JsonNode props = s.get("properties");
        if (props != null && props.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                // Draw the coin either way so one property's presence does not shift the others' values.
                boolean include = rnd.nextInt(2) == 0 || required.contains(e.getKey());
                JsonNode v = value(e.getValue(), rnd, depth + 1);
                if (include) {
                    o.set(e.getKey(), v);
                }
            }
        }
        for (String r : required) {
            if (!o.has(r)) {
                o.put(r, word(rnd));
            }
        }
        return o;
    }

    private static ArrayNode array(JsonNode s, SplittableRandom rnd, int depth) {
        int min = s.has("minItems") ? s.get("minItems").asInt() : 1;
        int max = s.has("maxItems") ? s.get("maxItems").asInt() : Math.max(min, 3);
        int n = max <= min ? min : min + rnd.nextInt(max - min + 1);
        ArrayNode a = F.arrayNode();
        for (int i = 0; i < n; i++) {
            a.add(value(s.get("items"), rnd, depth + 1));
        }
        return a;
    }

    private static String string(JsonNode s, SplittableRandom rnd) {
        String format = s.has("format") ? s.get("format").asText() : "";
        String v = switch (format) {
            case "date" -> String.format("20%02d-%02d-%02d", 20 + rnd.nextInt(6), 1 + rnd.nextInt(12),
                    1 + rnd.nextInt(28));
            case "date-time" -> String.format("20%02d-%02d-%02dT%02d:%02d:00Z", 20 + rnd.nextInt(6),
                    1 + rnd.nextInt(12), 1 + rnd.nextInt(28), rnd.nextInt(24), rnd.nextInt(60));
            case "email" -> word(rnd) + "." + word(rnd) + "@example.com";
            case "uri" -> "https://example.com/" + word(rnd);
            default -> {
                StringBuilder sb = new StringBuilder(word(rnd));
                for (int i = rnd.nextInt(3); i > 0; i--) {
                    sb.append(' ').append(word(rnd));
                }
                yield sb.toString();
            }
        };
        int min = s.has("minLength") ? s.get("minLength").asInt() : 0;
        int max = s.has("maxLength") ? s.get("maxLength").asInt() : Integer.MAX_VALUE;
        StringBuilder sb = new StringBuilder(v);
        while (sb.length() < min) {
            sb.append('x');
        }
        return sb.length() > max ? sb.substring(0, max) : sb.toString();
    }

    private static String word(SplittableRandom rnd) {
        return WORDS[rnd.nextInt(WORDS.length)];
    }
}
