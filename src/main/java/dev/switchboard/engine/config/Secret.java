package dev.switchboard.engine.config;

/**
 * A credential read from the environment. It prints as its reference ({@code ${OPENAI_API_KEY}}), never as its
 * value, so a record holding one can be logged, shown in an error or written to a file without leaking it.
 */
public final class Secret {
    private final String reference;
    private final String value;

    public Secret(String reference, String value) {
        this.reference = reference;
        this.value = value == null || value.isEmpty() ? null : value;
    }

    public static Secret none() {
        return new Secret(null, null);
    }

    /** What the config file says, e.g. {@code ${OPENAI_API_KEY}}; null when no key is configured. */
    public String reference() {
        return reference;
    }

    /** True when the reference is set but the environment gave it no value. */
    public boolean missing() {
        return reference != null && value == null;
    }

    public boolean present() {
        return value != null;
    }

    /** The value itself: only for the header of an upstream request. */
    public String reveal() {
        return value;
    }

    /** For views: the reference and whether it resolved, never the value. */
    public String masked() {
        if (reference == null) {
            return "(none)";
        }
        return reference + (value == null ? " (not set)" : " (set, " + value.length() + " chars)");
    }

    @Override
    public String toString() {
        return masked();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && java.util.Objects.equals(reference, s.reference)
                && java.util.Objects.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(reference, value);
    }
}
