package dev.switchboard.engine.config;

import java.time.Duration;
import java.util.regex.Pattern;

/** The validation rules shared by every config record, so the loader, the editors and the API agree on them. */
final class Check {
    /**
     * The longest name: model, namespace and plan names are written with every ledger record, in columns of this
     * width (V2's {@code ledger_event}); a longer one would make every batch with it fail.
     */
    static final int NAME_MAX = 64;
    /** Names end up inside cache keys and Redis key patterns, so they stay plain. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (NAME_MAX - 1) + "}");

    private Check() {
    }

    static Duration positive(String field, Duration d) {
        if (d == null) {
            throw new ConfigException(null, field, "is required");
        }
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(null, field, "must be positive, got " + Durations.format(d));
        }
        return d;
    }

    static double fraction(String field, double v) {
        if (!(v >= 0.0 && v <= 1.0)) {
            throw new ConfigException(null, field, "must be between 0 and 1, got " + v);
        }
        return v;
    }

    static double nonNegative(String field, double v) {
        if (!(v >= 0.0) || Double.isInfinite(v)) {
            throw new ConfigException(null, field, "must be zero or more, got " + v);
        }
        return v;
    }

    /** A name that is a key under {@code parent} ({@code models}, {@code limits.plans}); a long one is named in full. */
    static String key(String parent, String s) {
        if (s != null && s.length() > NAME_MAX) {
            tooLong(parent + "." + s, s);
        }
        return name(parent, s);
    }

    private static void tooLong(String field, String s) {
        throw new ConfigException(null, field, "must be 1-" + NAME_MAX
                + " characters (the width of the ledger's columns), got " + s.length());
    }

    static String name(String field, String s) {
        if (s != null && s.length() > NAME_MAX) {
            tooLong(field, s);
        }
        if (s == null || !NAME.matcher(s).matches()) {
            throw new ConfigException(null, field,
                    "must be 1-64 letters, digits, '.', '_' or '-' (starting with a letter or digit), got '" + s + "'");
        }
        return s;
    }

    static String required(String field, String s) {
        if (s == null || s.isBlank()) {
            throw new ConfigException(null, field, "is required");
        }
        return s;
    }
}
