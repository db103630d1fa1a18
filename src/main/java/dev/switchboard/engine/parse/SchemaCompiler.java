package dev.switchboard.engine.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.util.List;

/**
 * Compiles JSON Schemas (draft 2020-12 unless the schema says otherwise) with networknt's validator, after checking
 * them against the draft's meta-schema, so a malformed schema is refused up front with where and why.
 */
public final class SchemaCompiler {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    // The meta-schemas ship inside the validator's jar: nothing is fetched.
    private static final Schema META = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    /** Schemas that compiled, by their JSON: requests repeat theirs, and the meta-check costs far more than a parse. */
    private static final Cache<String, Schema> COMPILED = Caffeine.newBuilder().maximumSize(1024).build();

    private SchemaCompiler() {
    }

    /** Why {@code schema} is not a usable JSON Schema, or null when it is. */
    public static String problem(JsonNode schema) {
        try {
            compile(schema);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** @throws IllegalArgumentException saying where in the schema it is wrong, and why */
    public static Schema compile(JsonNode schema) {
        if (schema == null || !(schema.isObject() || schema.isBoolean())) {
            throw new IllegalArgumentException("not a valid JSON Schema: must be an object");
        }
        String key = schema.toString();
        Schema known = COMPILED.getIfPresent(key);
        if (known != null) {
            return known;
        }
        Schema s = check(schema);
        COMPILED.put(key, s);
        return s;
    }

    private static Schema check(JsonNode schema) {
        List<Error> errors = META.validate(schema);
        if (!errors.isEmpty()) {
            Violation v = violation(errors.get(0));
            throw new IllegalArgumentException("not a valid JSON Schema: at " + v.path() + ": " + v.reason());
        }
        try {
            Schema s = REGISTRY.getSchema(schema);
            s.initializeValidators();
            return s;
        } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException("not a valid JSON Schema: " + e.getMessage());
        }
    }

    /** One validation error as a path in the instance and a reason in words. */
    record Violation(String path, String reason) {
    }

    static Violation violation(Error e) {
        String path = dotted(e.getInstanceLocation());
        Object[] args = e.getArguments();
        String keyword = e.getKeyword();
        if ("type".equals(keyword) && args != null && args.length >= 2) {
            return new Violation(path, args[1] + " expected, got " + args[0]);
        }
        if ("required".equals(keyword) && e.getProperty() != null) {
            return new Violation(path + "." + e.getProperty(), "required, missing");
        }
        return new Violation(path, e.getMessage());
    }

    /** {@code $.items[2].price} from the validator's path (a JSON Pointer when printed). */
    static String dotted(NodePath p) {
        StringBuilder sb = new StringBuilder("$");
        if (p != null) {
            for (int i = 0; i < p.getNameCount(); i++) {
                Object el = p.getElement(i);
                if (el instanceof Integer n) {
                    sb.append('[').append(n).append(']');
                } else {
                    sb.append('.').append(el);
                }
            }
        }
        return sb.toString();
    }
}
