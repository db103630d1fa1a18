package dev.switchboard.engine.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Turns a model's text into the value a request expects by running a chain of {@link Strategy strategies}, each
 * candidate checked against the {@link Expectation}. Thread-safe; compiled schemas are cached by their JSON (bounded:
 * callers send schemas of their own). Strict JSON on a clean answer takes one parse and one validation, nothing else.
 */
public final class OutputParser {
    /** Distinct request schemas kept compiled; a caller sending a new schema per request only costs compiles. */
    static final int SCHEMA_CACHE_SIZE = 1024;
    private static final String NO_JSON = "no JSON found";

    private final Cache<String, Schema> schemas = Caffeine.newBuilder().maximumSize(SCHEMA_CACHE_SIZE).build();

    /** One strategy's result: a value, or where and why it failed. */
    private record Outcome(JsonNode value, String path, String reason, boolean validated) {
        /** Nothing to validate was found. */
        static Outcome fail(String path, String reason) {
            return new Outcome(null, path, reason, false);
        }

        /** A candidate was found but does not meet the expectation. */
        static Outcome invalid(String path, String reason) {
            return new Outcome(null, path, reason, true);
        }
    }

    /**
     * Runs {@code chain} in order, skipping {@link Strategy#REPROMPT} (the caller re-prompts); the first value that
     * meets {@code e} wins.
     *
     * @throws IllegalArgumentException when {@code e} is a schema that does not compile
     */
    public Parsed parse(String text, Expectation e, List<Strategy> chain) {
        String t = text == null ? "" : text;
        Schema schema = e instanceof Expectation.JsonSchema js ? compiled(js.schema()) : null;
        List<Attempt> failures = new ArrayList<>(2);
        if (Refusals.is(t)) {
            for (Strategy s : chain) {
                if (s != Strategy.REPROMPT) {
                    failures.add(new Attempt(s, Parsed.REFUSAL));
                }
            }
            return new Parsed(null, null, failures, "$", Parsed.REFUSAL);
        }
        String path = "$";
        String reason = NO_JSON;
        boolean validated = false;
        for (Strategy s : chain) {
            Outcome o = switch (s) {
                case STRICT_JSON -> strict(t, e, schema);
                case EXTRACTED_JSON -> extracted(t, e, schema);
                case KEY_VALUE -> keyValues(KeyValues.exact(t, expectedKeys(e)), e, schema);
                case FLEXIBLE -> keyValues(KeyValues.flexible(t, expectedKeys(e)), e, schema);
                case REPROMPT -> null;
            };
            if (o == null) {
                continue;
            }
            if (o.value() != null) {
                return new Parsed(o.value(), s, failures, null, null);
            }
            // A value that failed validation says more than a later strategy finding nothing: it is reported.
            if (o.validated() || !validated) {
                path = o.path();
                reason = o.reason();
                validated = o.validated();
            }
            failures.add(new Attempt(s, "$".equals(path) ? reason : path + ": " + reason));
        }
        return new Parsed(null, null, failures, path, reason);
    }

    private Schema compiled(JsonNode schema) {
        return schemas.get(schema.toString(), k -> SchemaCompiler.compile(schema));
    }

    private static Outcome strict(String t, Expectation e, Schema schema) {
        int first = JsonText.firstNonSpace(t);
        int last = JsonText.lastNonSpace(t);
        // Most non-JSON answers are told by their first and last characters, without a parse or an exception.
        if (first >= t.length() || !(t.charAt(first) == '{' && t.charAt(last) == '}'
                || t.charAt(first) == '[' && t.charAt(last) == ']')) {
            return Outcome.fail("$", first >= t.length() ? "empty answer" : "not JSON: the answer does not start "
                    + "and end as a JSON object or array");
        }
        JsonNode v = JsonText.strict(t);
        if (v == null) {
            return Outcome.fail("$", "not valid JSON");
        }
        return check(v, e, schema);
    }

    private static Outcome extracted(String t, Expectation e, Schema schema) {
        Outcome last = null;
        for (String block : JsonText.fencedBlocks(t)) {
            Outcome o = candidate(block.strip(), e, schema);
            if (o.value() != null) {
                return o;
            }
            last = o;
        }
        int from = 0;
        boolean unbalanced = false;
        for (int tries = 0; tries < JsonText.MAX_STARTS; tries++) {
            int start = nextOpen(t, from);
            if (start < 0) {
                break;
            }
            int end = JsonText.balancedEnd(t, start);
            if (end < 0) {
                unbalanced = true;
                from = start + 1;
                continue;
            }
            Outcome o = candidate(t.substring(start, end), e, schema);
            if (o.value() != null) {
                return o;
            }
            if (last == null || o.validated()) {
                last = o;
            }
            // A valid JSON value that fails the expectation: look past it; otherwise look inside it.
            from = o.validated() ? end : start + 1;
        }
        if (last != null && last.validated()) {
            return last;
        }
        return Outcome.fail("$", unbalanced ? "no complete JSON found (cut off?)" : NO_JSON);
    }

    private static int nextOpen(String t, int from) {
        int o = t.indexOf('{', from);
        int a = t.indexOf('[', from);
        return o < 0 ? a : a < 0 ? o : Math.min(o, a);
    }

    private static Outcome candidate(String s, Expectation e, Schema schema) {
        if (s.isEmpty() || (s.charAt(0) != '{' && s.charAt(0) != '[')) {
            return Outcome.fail("$", NO_JSON);
        }
        JsonNode v = JsonText.strict(s);
        if (v == null) {
            v = JsonText.lenient(s);
        }
        return v == null ? Outcome.fail("$", NO_JSON) : check(v, e, schema);
    }

    private static Outcome keyValues(ObjectNode values, Expectation e, Schema schema) {
        if (values == null) {
            return Outcome.fail("$", "no key-value lines found");
        }
        if (e instanceof Expectation.JsonSchema js) {
            Coercion.apply(values, js.schema());
        }
        return check(values, e, schema);
    }

    /** The keys an answer may use: the fields, the schema's properties, or null for any. */
    private static List<String> expectedKeys(Expectation e) {
        if (e instanceof Expectation.Fields f) {
            return f.fields();
        }
        if (e instanceof Expectation.JsonSchema js && js.schema().get("properties") instanceof ObjectNode props) {
            List<String> keys = new ArrayList<>(props.size());
            for (Iterator<String> it = props.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            return keys;
        }
        return null;
    }

    private static Outcome check(JsonNode v, Expectation e, Schema schema) {
        switch (e) {
            case Expectation.JsonObject o -> {
                if (!v.isObject()) {
                    return Outcome.invalid("$", "object expected, got " + typeName(v));
                }
            }
            case Expectation.Fields f -> {
                if (!v.isObject()) {
                    return Outcome.invalid("$", "object expected, got " + typeName(v));
                }
                for (String k : f.fields()) {
                    if (!v.has(k)) {
                        return Outcome.invalid("$." + k, "required, missing");
                    }
                }
            }
            case Expectation.JsonSchema js -> {
                List<Error> errors = schema.validate(v);
                if (!errors.isEmpty()) {
                    SchemaCompiler.Violation viol = SchemaCompiler.violation(errors.get(errors.size() - 1));
                    return Outcome.invalid(viol.path(), viol.reason());
                }
            }
        }
        return new Outcome(v, null, null, true);
    }

    private static String typeName(JsonNode v) {
        return switch (v.getNodeType()) {
            case ARRAY -> "array";
            case BOOLEAN -> "boolean";
            case NUMBER -> v.isIntegralNumber() ? "integer" : "number";
            case NULL -> "null";
            case OBJECT -> "object";
            default -> "string";
        };
    }
}
