package dev.switchboard.engine.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Types the string values read from key-value text by the schema's property types: integer, number, boolean,
 * arrays from comma-separated lists, null, and enum values matched ignoring case. A value that does not convert
 * stays a string, for the validator to report.
 */
final class Coercion {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final JsonNode INTEGER = F.objectNode().put("type", "integer");

    private Coercion() {
    }

    static ObjectNode apply(ObjectNode values, JsonNode schema) {
        JsonNode props = schema == null ? null : schema.get("properties");
        if (props == null || !props.isObject()) {
            return values;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode prop = props.get(e.getKey());
            if (prop != null && e.getValue().isTextual()) {
                e.setValue(coerce(e.getValue().asText(), prop));
            }
        }
        return values;
    }

    static JsonNode coerce(String text, JsonNode prop) {
        JsonNode p = firstBranch(prop);
        String s = text.strip();
        if (allows(p, "null") && (s.isEmpty() || s.equalsIgnoreCase("null") || s.equalsIgnoreCase("none")
                || s.equalsIgnoreCase("n/a"))) {
            return F.nullNode();
        }
        String type = mainType(p);
        switch (type) {
            case "integer": {
                String d = s.replace(",", "").replace("_", "");
                try {
                    long l = Long.parseLong(d);
                    // The node types Jackson itself would read, so a typed value equals its JSON reading.
                    return l == (int) l ? F.numberNode((int) l) : F.numberNode(l);
                } catch (NumberFormatException e) {
                    return F.textNode(text);
                }
            }
            case "number": {
                String d = s.replace(",", "");
                if (!d.isEmpty() && "$\u20ac\u00a3".indexOf(d.charAt(0)) >= 0) {
                    d = d.substring(1);
                }
                try {
                    return d.indexOf('.') < 0 && d.indexOf('e') < 0 && d.indexOf('E') < 0
                            ? coerce(d, INTEGER) : F.numberNode(Double.parseDouble(d));
                } catch (NumberFormatException e) {
                    return F.textNode(text);
                }
            }
            case "boolean": {
                String b = s.toLowerCase(Locale.ROOT);
                return switch (b) {
                    case "true", "yes" -> F.booleanNode(true);
                    case "false", "no" -> F.booleanNode(false);
                    default -> F.textNode(text);
                };
            }
            case "array": {
                String list = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
                ArrayNode a = F.arrayNode();
                JsonNode items = p.get("items");
                if (!list.isBlank()) {
                    for (String part : list.split(list.indexOf(';') >= 0 && list.indexOf(',') < 0 ? ";" : ",")) {
                        String item = unquote(part.strip());
                        a.add(items == null ? F.textNode(item) : coerce(item, items));
                    }
                }
                return a;
            }
            case "object": {
                JsonNode o = JsonText.lenient(s);
                return o != null && o.isObject() ? o : F.textNode(text);
            }
            default: {
                String v = unquote(s);
                JsonNode en = p.get("enum");
                if (en != null && en.isArray()) {
                    for (JsonNode option : en) {
                        if (option.isTextual() && option.asText().equalsIgnoreCase(v)) {
                            return option;
                        }
                    }
                }
                return F.textNode(v);
            }
        }
    }

    /** anyOf/oneOf: the first branch that is not just null. */
    private static JsonNode firstBranch(JsonNode p) {
        for (String k : new String[] {"anyOf", "oneOf"}) {
            JsonNode b = p.get(k);
            if (b != null && b.isArray() && !b.isEmpty()) {
                for (JsonNode branch : b) {
                    if (!"null".equals(mainType(branch))) {
                        return branch;
                    }
                }
                return b.get(0);
            }
        }
        return p;
    }

    private static String mainType(JsonNode p) {
        JsonNode t = p.get("type");
        if (t == null) {
            return "string";
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

    private static boolean allows(JsonNode p, String type) {
        JsonNode t = p.get("type");
        if (t == null) {
            return false;
        }
        if (t.isArray()) {
            for (JsonNode x : t) {
                if (type.equals(x.asText())) {
                    return true;
                }
            }
            return false;
        }
        return type.equals(t.asText());
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"'
                || s.charAt(0) == '\'' && s.charAt(s.length() - 1) == '\'')) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
