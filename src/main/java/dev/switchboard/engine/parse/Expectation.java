package dev.switchboard.engine.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.engine.error.InvalidRequestException;
import java.util.List;
import java.util.Objects;

/** What the request expects the answer to be. */
public sealed interface Expectation {
    /** The name stats and errors use: the schema's name, {@code json_object} or {@code fields}. */
    String name();

    /** A value valid against a JSON Schema (OpenAI's {@code json_schema} response format, or a configured schema). */
    record JsonSchema(String name, JsonNode schema) implements Expectation {
        public JsonSchema {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(schema, "schema");
        }
    }

    /** Any JSON object (OpenAI's {@code json_object}). */
    record JsonObject() implements Expectation {
        @Override
        public String name() {
            return "json_object";
        }
    }

    /** An object with at least these keys; the answer may come as {@code key: value} lines. */
    record Fields(List<String> fields) implements Expectation {
        public Fields {
            fields = List.copyOf(fields);
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("fields: must name at least one field");
            }
        }

        @Override
        public String name() {
            return "fields";
        }
    }

    /**
     * The expectation of an OpenAI {@code response_format}: null when absent or {@code {"type":"text"}}.
     *
     * @throws InvalidRequestException naming the field ({@code response_format.json_schema.schema}) when it is
     *                                 malformed, the schema included
     */
    static Expectation fromResponseFormat(JsonNode rf) {
        if (rf == null || rf.isNull() || rf.isMissingNode()) {
            return null;
        }
        if (!rf.isObject()) {
            throw new InvalidRequestException("response_format", "must be an object, got " + rf.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT));
        }
        JsonNode type = rf.get("type");
        if (type == null || !type.isTextual()) {
            throw new InvalidRequestException("response_format.type", "is required: text, json_object or json_schema");
        }
        switch (type.asText()) {
            case "text":
                return null;
            case "json_object":
                return new JsonObject();
            case "json_schema":
                break;
            default:
                throw new InvalidRequestException("response_format.type", "must be one of text, json_object, "
                        + "json_schema, got '" + dev.switchboard.engine.error.Echo.of(type.asText()) + "'");
        }
        JsonNode js = rf.get("json_schema");
        if (js == null || !js.isObject()) {
            throw new InvalidRequestException("response_format.json_schema", "is required with type json_schema, "
                    + "as an object with name and schema");
        }
        JsonNode name = js.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new InvalidRequestException("response_format.json_schema.name", "is required, a non-empty string");
        }
        JsonNode schema = js.get("schema");
        if (schema == null || !schema.isObject()) {
            throw new InvalidRequestException("response_format.json_schema.schema", "is required, a JSON Schema object");
        }
        JsonNode strict = js.get("strict");
        if (strict != null && !strict.isNull() && !strict.isBoolean()) {
            throw new InvalidRequestException("response_format.json_schema.strict", "must be true or false");
        }
        String problem = SchemaCompiler.problem(schema);
        if (problem != null) {
            throw new InvalidRequestException("response_format.json_schema.schema", problem);
        }
        return new JsonSchema(name.asText(), schema);
    }
}
