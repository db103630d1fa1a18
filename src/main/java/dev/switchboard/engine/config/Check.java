package dev.switchboard.engine.config;

import dev.switchboard.engine.error.Echo;
import java.net.URI;
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

    /**
     * A Redis URL: {@code redis://[[user]:password@]host[:port][/db]} (or {@code rediss://}, TLS). Messages quote the
     * URL with its password masked.
     */
    static String redisUrl(String field, String url) {
        required(field, url);
        String shown = "'" + Echo.url(url) + "'";
        String form = "expected redis://[:password@]host[:port][/db]";
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new ConfigException(null, field, "must look like redis://host:port, got " + shown);
        }
        String bad = Echo.uriProblem(url);
        if (bad != null) {
            throw new ConfigException(null, field, "not a valid URL (" + bad + "), got " + shown + "; " + form);
        }
        URI u = URI.create(url);
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new ConfigException(null, field, "has no host, got " + shown + "; " + form);
        }
        if (u.getPort() != -1 && (u.getPort() < 1 || u.getPort() > 65_535)) {
            throw new ConfigException(null, field, "port must be between 1 and 65535, got " + shown);
        }
        String path = u.getPath();
        if (path != null && path.length() > 1 && !path.substring(1).matches("\\d{1,4}")) {
            throw new ConfigException(null, field, "the database after the host must be a number like /0, got "
                    + shown);
        }
        return url;
    }

    /**
     * A SQL URL: PostgreSQL ({@code jdbc:postgresql://host:5432/db}, {@code jdbc:postgresql:db}, or
     * {@code postgresql://user@host/db}) or H2 ({@code jdbc:h2:file:PATH}, {@code jdbc:h2:mem:NAME}). Messages quote
     * the URL with its password masked.
     */
    static String sqlUrl(String field, String url) {
        required(field, url);
        String shown = "'" + Echo.url(url) + "'";
        boolean jdbc = url.startsWith("jdbc:");
        String u = jdbc ? url.substring(5) : url;
        if (jdbc && u.startsWith("postgres:")) {
            throw new ConfigException(null, field, "the PostgreSQL driver takes jdbc:postgresql:, not jdbc:postgres:, "
                    + "got " + shown + "; expected jdbc:postgresql://host:5432/db");
        }
        if (u.startsWith("postgresql:") || u.startsWith("postgres:")) {
            String rest = u.substring(u.indexOf(':') + 1);
            if (!jdbc && !rest.startsWith("//")) {
                throw new ConfigException(null, field, "expected postgresql://[user@]host[:port]/db, got " + shown);
            }
            if (rest.startsWith("//")) {
                String authority = rest.substring(2).split("[/?]", 2)[0];
                String hosts = authority.substring(authority.lastIndexOf('@') + 1);
                if (hosts.isEmpty() || hosts.startsWith(":")) {
                    throw new ConfigException(null, field, "has no host, got " + shown
                            + "; expected jdbc:postgresql://host:5432/db");
                }
                String bad = jdbc ? null : Echo.uriProblem(url);
                if (bad != null || (!jdbc && URI.create(url).getHost() == null)) {
                    throw new ConfigException(null, field, "not a valid URL" + (bad == null ? "" : " (" + bad + ")")
                            + ", got " + shown + "; expected postgresql://[user@]host[:port]/db");
                }
            } else if (rest.isBlank()) {
                throw new ConfigException(null, field, "names no database, got " + shown
                        + "; expected jdbc:postgresql://host:5432/db");
            }
            return url;
        }
        if (u.startsWith("h2:")) {
            String rest = u.substring(3);
            if (rest.isBlank() || rest.equals("file:") || rest.equals("mem:")) {
                throw new ConfigException(null, field, "names no database, got " + shown
                        + "; expected jdbc:h2:file:PATH");
            }
            return url;
        }
        throw new ConfigException(null, field,
                "must be a PostgreSQL URL (jdbc:postgresql://host:5432/db) or an H2 file (jdbc:h2:file:PATH), got "
                        + shown);
    }
}
