package dev.switchboard.engine.parse;

import java.util.List;

/**
 * What one namespace expects of answers when its requests carry no {@code response_format}.
 *
 * @param schema       a name in {@link ParseSettings#schemas()}, or null
 * @param fields       the keys of a key-value answer, or empty (not both with {@code schema})
 * @param rawOnFailure when nothing parses, return the raw text instead of a parse_failed error
 */
public record NamespaceParse(String schema, List<String> fields, boolean rawOnFailure) {
    public NamespaceParse {
        fields = fields == null ? List.of() : List.copyOf(fields);
        if (schema != null && schema.isBlank()) {
            throw new IllegalArgumentException("schema: must name a schema under parse.schemas, or be left out");
        }
        if (schema != null && !fields.isEmpty()) {
            throw new IllegalArgumentException("fields: set schema or fields, not both");
        }
        for (String f : fields) {
            if (f == null || f.isBlank()) {
                throw new IllegalArgumentException("fields: must not contain an empty name");
            }
        }
        if (fields.size() != new java.util.HashSet<>(fields).size()) {
            throw new IllegalArgumentException("fields: a field is listed twice");
        }
    }
}
