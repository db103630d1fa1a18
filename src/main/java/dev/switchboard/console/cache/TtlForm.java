package dev.switchboard.console.cache;

import dev.switchboard.engine.config.ByteSizes;
import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.Durations;
import dev.switchboard.engine.config.NamespacePolicy;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.config.TiersConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The TTL editor's logic, free of JavaFX: checks what the operator typed, says what is wrong next to the field
 * it concerns, warns about odd but legal settings, and builds the config to apply.
 */
public final class TtlForm {
    public static final String L1_TTL = "l1.ttl";
    public static final String L1_MAX = "l1.max_bytes";
    public static final String L2_TTL = "l2.ttl";
    public static final String L3_TTL = "l3.ttl";
    public static final String NAMESPACES = "namespaces";

    private TtlForm() {
    }

    public record NamespaceRow(String name, NamespacePolicy policy) {
    }

    /**
     * @param errors   field id to message; empty when the form can be applied
     * @param config   the form applied to the config it was checked against, or null when there are errors
     * @param edit     the form's fields (TTLs, L1's bound, namespaces) set on any config, nothing else changed:
     *                 what to apply to the engine's current config; null when there are errors
     */
    public record Result(Map<String, String> errors, List<String> warnings, SwitchboardConfig config,
                         UnaryOperator<SwitchboardConfig> edit) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public static Result check(SwitchboardConfig base, String l1Ttl, String l1Max, String l2Ttl, String l3Ttl,
                               List<NamespaceRow> namespaces) {
        Map<String, String> errors = new LinkedHashMap<>();
        Duration t1 = duration(errors, L1_TTL, l1Ttl);
        Duration t2 = duration(errors, L2_TTL, l2Ttl);
        Duration t3 = duration(errors, L3_TTL, l3Ttl);
        long max = bytes(errors, l1Max);
        Map<String, NamespacePolicy> ns = new LinkedHashMap<>();
        for (NamespaceRow row : namespaces) {
            String name = row.name() == null ? "" : row.name().trim();
            if (ns.containsKey(name)) {
                errors.putIfAbsent(NAMESPACES, "namespace '" + name + "' is listed twice");
            }
            ns.put(name, row.policy() == null ? NamespacePolicy.STORE : row.policy());
        }
        SwitchboardConfig next = null;
        UnaryOperator<SwitchboardConfig> edit = null;
        if (errors.isEmpty()) {
            Map<String, NamespacePolicy> policies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ns));
            edit = c -> {
                TiersConfig t = c.tiers();
                return c.withTiers(t.withL1(t.l1().withTtl(t1).withMaxBytes(max)).withL2(t.l2().withTtl(t2))
                        .withL3(t.l3().withTtl(t3))).withNamespaces(policies);
            };
            try {
                next = edit.apply(base);
            } catch (ConfigException e) {
                edit = null;
                errors.put(e.field().startsWith("namespaces") ? NAMESPACES : e.field().replace("tiers.", ""),
                        e.reason());
            }
        }
        List<String> warnings = new ArrayList<>();
        if (errors.isEmpty()) {
            TiersConfig t = next.tiers();
            if (t.l1().enabled() && t.l2().enabled() && t1.compareTo(t2) > 0) {
                warnings.add("L1 keeps entries (" + Durations.format(t1) + ") longer than L2 (" + Durations.format(t2)
                        + "): an instance may serve an answer the shared tier has already dropped.");
            }
            if (t.l2().enabled() && t.l3().enabled() && t2.compareTo(t3) > 0) {
                warnings.add("L2 keeps entries (" + Durations.format(t2) + ") longer than L3 (" + Durations.format(t3)
                        + "): the durable tier forgets first.");
            }
            if (t.l1().enabled() && !t.l2().enabled() && t.l3().enabled() && t1.compareTo(t3) > 0) {
                warnings.add("L1 keeps entries (" + Durations.format(t1) + ") longer than L3 (" + Durations.format(t3)
                        + ").");
            }
        }
        return new Result(Map.copyOf(errors), List.copyOf(warnings), errors.isEmpty() ? next : null,
                errors.isEmpty() ? edit : null);
    }

    private static Duration duration(Map<String, String> errors, String field, String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            errors.put(field, "required: a duration such as 30s, 5m, 1h or 24h");
            return null;
        }
        try {
            Duration d = Durations.parse(s);
            if (d.isNegative() || d.isZero()) {
                errors.put(field, "must be positive, got " + s);
                return null;
            }
            return d;
        } catch (IllegalArgumentException e) {
            errors.put(field, e.getMessage());
            return null;
        }
    }

    private static long bytes(Map<String, String> errors, String text) {
        String s = text == null ? "" : text.trim();
        try {
            long v = ByteSizes.parse(s);
            if (v <= 0) {
                errors.put(L1_MAX, "must be positive, got " + s);
            } else if (v < (1L << 20)) {
                errors.put(L1_MAX, "must be at least 1MB, got " + s);
            }
            return v;
        } catch (IllegalArgumentException | ArithmeticException e) {
            errors.put(L1_MAX, e.getMessage() == null ? "is too large" : e.getMessage());
            return 0;
        }
    }
}
