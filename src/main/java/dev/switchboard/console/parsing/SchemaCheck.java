package dev.switchboard.console.parsing;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.parse.SchemaCompiler;

/**
 * Checks a JSON Schema as the operator types it: first that it is JSON at all (the message names the line and the
 * column, counted from 1, as an editor shows them), then that it is a JSON Schema (the draft's meta-schema, via the
 * engine's {@link SchemaCompiler}). Pure CPU: run on the FX thread as typed.
 */
public final class SchemaCheck {
    /** Two-space indents, "key": value (no space before the colon), as people write JSON. */
    private static final com.fasterxml.jackson.core.util.DefaultPrettyPrinter PRETTY =
            new com.fasterxml.jackson.core.util.DefaultPrettyPrinter().withSeparators(
                    com.fasterxml.jackson.core.util.Separators.createDefaultInstance().withObjectFieldValueSpacing(
                            com.fasterxml.jackson.core.util.Separators.Spacing.AFTER));
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SchemaCheck() {
    }

    /**
     * @param value   the schema, when it is one; else null
     * @param problem what is wrong, or null
     * @param line    where the JSON broke (1-based), or 0 when it is not a syntax error
     * @param column  where the JSON broke (1-based), or 0
     */
    public record Result(JsonNode value, String problem, int line, int column) {
        public boolean ok() {
            return problem == null;
        }
    }

    public static Result check(String text) {
        if (text == null || text.isBlank()) {
            return new Result(null, "empty: a JSON Schema is an object such as {\"type\": \"object\"}", 0, 0);
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : Math.max(1, at.getLineNr());
            int column = at == null ? 0 : Math.max(1, at.getColumnNr());
            String why = e.getOriginalMessage();
            // Jackson's own wording carries a source excerpt after a newline; the first line is the reason.
            int nl = why.indexOf('\n');
            why = (nl < 0 ? why : why.substring(0, nl)).strip();
            return new Result(null, String.format(java.util.Locale.ROOT, "invalid JSON at line %d, column %d: %s",
                    line, column, why), line, column);
        }
        String problem = SchemaCompiler.problem(node);
        return problem == null ? new Result(node, null, 0, 0) : new Result(null, problem, 0, 0);
    }

    /** {@code node} as the editor shows it: pretty-printed, two spaces. */
    public static String pretty(JsonNode node) {
        try {
            return JSON.writer(PRETTY).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return node.toString();
        }
    }
}
