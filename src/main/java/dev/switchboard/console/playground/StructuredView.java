package dev.switchboard.console.playground;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.request.StructuredOutput;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The playground's structured-output part, free of JavaFX: the response_format for what the operator expects
 * (nothing, any JSON object, or one of the config's named schemas), and the words for what the parser made of the
 * answer: the value, the strategy that produced it and why the ones before it failed.
 */
public final class StructuredView {
    public static final String NONE = "none";
    public static final String JSON_OBJECT = "json_object";
    /** Two-space indents, "key": value (no space before the colon), as people write JSON. */
    private static final com.fasterxml.jackson.core.util.DefaultPrettyPrinter PRETTY =
            new com.fasterxml.jackson.core.util.DefaultPrettyPrinter().withSeparators(
                    com.fasterxml.jackson.core.util.Separators.createDefaultInstance().withObjectFieldValueSpacing(
                            com.fasterxml.jackson.core.util.Separators.Spacing.AFTER));
    private static final ObjectMapper JSON = new ObjectMapper();

    private StructuredView() {
    }

    public static List<String> choices(Collection<String> schemas) {
        List<String> out = new ArrayList<>();
        out.add(NONE);
        out.add(JSON_OBJECT);
        out.addAll(schemas);
        return out;
    }

    /** The request's response_format for {@code expect}; null for none (or a schema no longer in the config). */
    public static JsonNode responseFormat(String expect, Map<String, JsonNode> schemas) {
        if (expect == null || NONE.equals(expect)) {
            return null;
        }
        ObjectNode rf = JsonNodeFactory.instance.objectNode();
        if (JSON_OBJECT.equals(expect)) {
            return rf.put("type", JSON_OBJECT);
        }
        JsonNode schema = schemas.get(expect);
        if (schema == null) {
            return null;
        }
        rf.put("type", "json_schema");
        rf.putObject("json_schema").put("name", expect).set("schema", schema.deepCopy());
        return rf;
    }

    /** "strict_json (expected order)", "extracted_json after 1 re-prompt", "not parsed: the raw text returned". */
    public static String headline(StructuredOutput out) {
        String what = "expected " + out.expectation();
        if (!out.parsed()) {
            return "not parsed (" + what + "): the raw text is the answer";
        }
        String again = out.reprompts() == 0 ? "" : " after " + out.reprompts() + (out.reprompts() == 1
                ? " re-prompt" : " re-prompts") + " costing " + dev.switchboard.console.Money.usd(out.repromptCostUsd());
        return "by " + out.strategy() + again + " (" + what + ")";
    }

    /** Why the strategies before the one that won failed, one a line; empty when the first won. */
    public static String failures(StructuredOutput out) {
        if (out.failed().isEmpty()) {
            return out.parsed() ? "the first strategy tried parsed it" : "";
        }
        return "Tried before: " + String.join("\n", out.failed());
    }

    public static String pretty(JsonNode value) {
        if (value == null) {
            return "";
        }
        try {
            return JSON.writer(PRETTY).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return value.toString();
        }
    }
}
