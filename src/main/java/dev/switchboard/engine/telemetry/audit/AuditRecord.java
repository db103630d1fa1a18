package dev.switchboard.engine.telemetry.audit;

import java.util.Objects;

/**
 * One decision to audit, before the writer gives it an id and chains it.
 *
 * @param atMillis when it happened (epoch milliseconds, UTC)
 * @param kind     what sort of decision: {@link #REQUEST}, {@link #GUARD}, {@link #BUDGET}, {@link #CONFIG},
 *                 {@link #KEY}, ...
 * @param actor    who: the request's user, the OS user at the console, {@code cli keys create}
 * @param subject  what it was about: the model asked for, the config sections changed, the key's id
 * @param detail   JSON text (outcome, route, before and after); never a prompt, never a secret
 */
public record AuditRecord(long atMillis, String kind, String actor, String subject, String detail)
        implements AuditLog.Pending {
    public static final String REQUEST = "request";
    public static final String GUARD = "guard";
    public static final String BUDGET = "budget";
    public static final String CONFIG = "config";
    public static final String KEY = "key";

    private static final com.fasterxml.jackson.databind.json.JsonMapper DETAIL =
            com.fasterxml.jackson.databind.json.JsonMapper.builder().build();
    static final int KIND_MAX = 32;
    static final int ACTOR_MAX = 256;
    static final int SUBJECT_MAX = 512;

    public AuditRecord {
        kind = bounded("kind", clean(kind), KIND_MAX);
        if (kind.isBlank()) {
            throw new IllegalArgumentException("kind: must not be blank");
        }
        actor = actor == null || actor.isBlank() ? "unknown" : bounded("actor", clean(actor), ACTOR_MAX);
        subject = subject == null ? "" : bounded("subject", clean(subject), SUBJECT_MAX);
        detail = detail == null || detail.isBlank() ? "{}" : clean(detail);
        if (atMillis < 0) {
            throw new IllegalArgumentException("atMillis: must not be negative, got " + atMillis);
        }
    }

    /** A record whose detail is {@code fields} as a JSON object (values: text, numbers, booleans, lists, null). */
    public static AuditRecord of(long atMillis, String kind, String actor, String subject,
                                 java.util.Map<String, ?> fields) {
        try {
            return new AuditRecord(atMillis, kind, actor, subject, DETAIL.writeValueAsString(fields));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("detail: cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * PostgreSQL text cannot hold U+0000; a record carrying one (an upstream's error text in a route note) would be
     * refused by every retry and hold up the whole trail behind it. It is replaced before the record is chained.
     */
    private static String clean(String v) {
        return v == null || v.indexOf('\u0000') < 0 ? v : v.replace('\u0000', '\uFFFD');
    }

    /** Longer values are cut, not refused: an audit record is never lost for the length of a name. */
    private static String bounded(String field, String v, int max) {
        Objects.requireNonNull(v, field);
        return v.length() <= max ? v : v.substring(0, max - 1) + "…";
    }

    @Override
    public AuditRecord record() {
        return this;
    }
}
