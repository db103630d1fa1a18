package dev.switchboard.engine.guard.policy;

import java.util.Locale;

/** What a guard does when it finds something; the config spells them in lower case. */
public enum GuardMode {
    /** Refuse: the request (or the answer) goes no further. */
    BLOCK,
    /** Replace the span with a placeholder such as {@code [EMAIL]}; the original is never stored or sent. */
    REDACT,
    /** Let it through unchanged and record a verdict. */
    FLAG,
    /** Do not look. */
    OFF;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException {@code unknown mode 'x'; known: block, redact, flag, off} */
    public static GuardMode parse(String s) {
        String v = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        // YAML 1.1 reads a bare off as false.
        if (v.equals("false")) {
            return OFF;
        }
        for (GuardMode m : values()) {
            if (m.configName().equals(v)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + s + "'; known: block, redact, flag, off");
    }
}
