package dev.switchboard.gateway.keys;

import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A gateway key as stored: never the secret itself, only its display {@code prefix} ({@code sb-3fA9c1x}), so this
 * record may be logged, listed and shown.
 *
 * @param id           the key's id ({@code gk_} and 12 hex digits); it or the prefix names the key to revoke
 * @param name         what the key is for ({@code ci-bot}); null when not given
 * @param owner        who the key belongs to: the user its requests are recorded and budgeted under
 * @param plan         the plan its requests run under (the config's {@code limits.plans}); null for the default
 * @param budgetMicros USD micro-dollars per UTC month; null = no budget of its own
 * @param models       the models it may use, sorted; empty = every model
 * @param revokedAt    when it was revoked; null while it is live
 */
public record GatewayKey(String id, String prefix, String name, String owner, String plan, Long budgetMicros,
                         Set<String> models, Instant createdAt, Instant revokedAt) {
    public GatewayKey {
        models = models == null || models.isEmpty() ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(models));
    }

    /** True when this key may call {@code model}: it names no models (every model), or names this one. */
    public boolean mayUse(String model) {
        return models.isEmpty() || models.contains(model);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** What the audit trail records of a key created or revoked: everything but the secret, which is never kept. */
    public java.util.Map<String, Object> auditFields() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", id);
        m.put("prefix", prefix);
        m.put("name", name);
        m.put("owner", owner);
        m.put("plan", plan);
        m.put("budget_micros", budgetMicros);
        m.put("models", java.util.List.copyOf(models));
        return m;
    }
}
