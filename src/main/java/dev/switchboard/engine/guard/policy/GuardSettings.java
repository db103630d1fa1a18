package dev.switchboard.engine.guard.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code guards:} section: input and output rules, and namespaces with rules of their own. A namespace's rules
 * are already merged over the top-level ones key by key when the config is read, so a lookup is one map read.
 *
 * @param input      the guards on every request ({@code guards.input})
 * @param output     the guards on every answer ({@code guards.output})
 * @param namespaces per namespace, its merged input and output rules ({@code guards.namespaces})
 */
public record GuardSettings(GuardRules input, GuardRules output, Map<String, Directions> namespaces) {
    /** One namespace's rules, both directions. */
    public record Directions(GuardRules input, GuardRules output) {
        public Directions {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
        }
    }

    public GuardSettings {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        namespaces = Collections.unmodifiableMap(new LinkedHashMap<>(namespaces == null ? Map.of() : namespaces));
    }

    /** Everything off: a config without {@code guards:} behaves as before guards existed. */
    public static GuardSettings defaults() {
        return new GuardSettings(GuardRules.off(), GuardRules.off(), Map.of());
    }

    /** The rules for a namespace's requests ({@code output} false) or answers (true). */
    public GuardRules rulesFor(String namespace, boolean output) {
        Directions d = namespace == null ? null : namespaces.get(namespace);
        if (d == null) {
            return output ? this.output : input;
        }
        return output ? d.output() : d.input();
    }

    /** The compiled policy for a namespace and direction; compiled once per distinct rules and then shared. */
    public GuardPolicy policyFor(String namespace, boolean output) {
        return GuardPolicy.of(rulesFor(namespace, output));
    }

    public GuardSettings withInput(GuardRules r) {
        return new GuardSettings(r, output, namespaces);
    }

    public GuardSettings withOutput(GuardRules r) {
        return new GuardSettings(input, r, namespaces);
    }
}
