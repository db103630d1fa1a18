package dev.switchboard.engine.config;

import java.util.Locale;

/** Whether answers in a namespace may be cached. {@code NO_STORE} is for user-specific content. */
public enum NamespacePolicy {
    STORE, NO_STORE;

    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static NamespacePolicy parse(String s) {
        for (NamespacePolicy p : values()) {
            if (p.configName().equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("must be store or no-store, got '" + s + "'");
    }
}
