package dev.switchboard.engine.config;

import dev.switchboard.store.Urls;

/**
 * A configuration that cannot be used. The message reads {@code file: field.path: reason}, e.g.
 * {@code local.yaml: tiers.l2.ttl: must be positive, got -5s}, so the operator knows where to look.
 */
public final class ConfigException extends RuntimeException {
    private final String source;
    private final String field;
    private final String reason;

    public ConfigException(String source, String field, String reason) {
        // Reasons echo what was refused ("got '...'"); a refused URL must not print its password.
        super(compose(source, field, Urls.redactSecrets(reason)));
        this.source = source;
        this.field = field;
        this.reason = Urls.redactSecrets(reason);
    }

    private static String compose(String source, String field, String reason) {
        StringBuilder sb = new StringBuilder();
        if (source != null && !source.isEmpty()) {
            sb.append(source).append(": ");
        }
        if (field != null && !field.isEmpty()) {
            sb.append(field).append(": ");
        }
        return sb.append(reason).toString();
    }

    public String source() {
        return source;
    }

    /** The dotted path of the field at fault, e.g. {@code tiers.l2.ttl}; empty for the file as a whole. */
    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
