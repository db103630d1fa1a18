package dev.switchboard.engine.route;

import java.util.Locale;

/** How demanding a request is; configs and workloads spell it in lower case. */
public enum Complexity {
    LOW, MEDIUM, HIGH;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException {@code unknown complexity 'x'; known: low, medium, high} */
    public static Complexity parse(String s) {
        String v = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        for (Complexity c : values()) {
            if (c.wireName.equals(v)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown complexity '" + s + "'; known: low, medium, high");
    }
}
