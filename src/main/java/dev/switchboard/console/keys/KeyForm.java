package dev.switchboard.console.keys;

import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.gateway.keys.KeyFields;
import dev.switchboard.gateway.keys.KeyValidationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of the new-key dialog, free of JavaFX: each field checked as typed, by the key store's own rules
 * ({@link KeyFields}), the error worded with the field's label; and the warnings the CLI gives too (a plan or model
 * the config does not know).
 */
public final class KeyForm {
    public static final String OWNER = "owner";
    public static final String NAME = "name";
    public static final String PLAN = "plan";
    public static final String BUDGET = "budget";
    public static final String MODELS = "models";
    private static final Map<String, String> LABELS = Map.of(OWNER, "Owner", NAME, "Name", PLAN, "Plan", BUDGET,
            "Budget", MODELS, "Models");

    private KeyForm() {
    }

    /** What to create: the fields as the key store takes them. */
    public record Request(String name, String owner, String plan, Long budgetMicros, Set<String> models) {
    }

    /** @param errors field to message, in the dialog's order; empty when the request may be sent */
    public record Result(Map<String, String> errors, List<String> warnings, Request request) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public static Result check(String owner, String name, String plan, String budget, String models,
                               SwitchboardConfig config) {
        Map<String, String> errors = new LinkedHashMap<>();
        String o = field(errors, () -> KeyFields.checkOwner(owner));
        String n = field(errors, () -> KeyFields.checkName(NAME, name));
        String p = field(errors, () -> KeyFields.checkName(PLAN, plan));
        Long b = field(errors, () -> KeyFields.checkBudget(KeyFields.parseBudget(budget)));
        Set<String> m = field(errors, () -> KeyFields.checkModels(KeyFields.parseModels(models)));
        List<String> warnings = errors.isEmpty() ? KeyFields.warnings(config, p, m) : List.of();
        return new Result(errors, warnings, errors.isEmpty() ? new Request(n, o, p, b, m) : null);
    }

    /** The label a field's errors start with: {@code Owner: is required}. */
    static String label(String field) {
        return LABELS.getOrDefault(field, field);
    }

    private interface Check<T> {
        T run();
    }

    private static <T> T field(Map<String, String> errors, Check<T> check) {
        try {
            return check.run();
        } catch (KeyValidationException e) {
            errors.putIfAbsent(e.field(), label(e.field()) + ": " + e.reason());
            return null;
        }
    }
}
