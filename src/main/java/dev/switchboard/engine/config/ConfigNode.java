package dev.switchboard.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML node that knows its dotted path, so every read can fail with the exact field and reason.
 * Strings may reference the environment as {@code ${NAME}} or {@code ${NAME:-default}}.
 */
final class ConfigNode {
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final JsonNode node;
    private final String path;
    private final String source;
    private final Function<String, String> env;

    ConfigNode(JsonNode node, String path, String source, Function<String, String> env) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.path = path;
        this.source = source;
        this.env = env;
    }

    String path() {
        return path;
    }

    /** The node as read, for values that are JSON themselves (a JSON Schema); null when missing. */
    JsonNode raw() {
        return isMissing() ? null : node;
    }

    boolean isMissing() {
        return node.isMissingNode() || node.isNull();
    }

    ConfigException error(String reason) {
        return new ConfigException(source, path, reason);
    }

    private String childPath(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** A child mapping; missing children read as empty so defaults apply. */
    ConfigNode child(String name) {
        requireObjectOrMissing();
        return new ConfigNode(node.get(name), childPath(name), source, env);
    }

    private void requireObjectOrMissing() {
        if (!isMissing() && !node.isObject()) {
            throw error("must be a mapping of keys to values, got " + describe(node));
        }
    }

    /** Rejects keys this version does not know: a typo must not silently fall back to a default. */
    ConfigNode allowOnly(String... keys) {
        requireObjectOrMissing();
        if (isMissing()) {
            return this;
        }
        Set<String> known = Set.of(keys);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new ConfigException(source, childPath(k),
                        "unknown key; expected one of " + new TreeSet<>(known));
            }
        }
        return this;
    }

    /** The entries of a mapping in file order. */
    Map<String, ConfigNode> entries() {
        requireObjectOrMissing();
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        if (!isMissing()) {
            node.fields().forEachRemaining(e ->
                    out.put(e.getKey(), new ConfigNode(e.getValue(), childPath(e.getKey()), source, env)));
        }
        return out;
    }

    List<ConfigNode> items() {
        if (isMissing()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error("must be a list, got " + describe(node));
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new ConfigNode(node.get(i), path + "[" + i + "]", source, env));
        }
        return out;
    }

    /** This node's own value as text (for list items). */
    String asText() {
        if (isMissing() || !node.isValueNode()) {
            throw error("must be a single value, got " + describe(node));
        }
        return expand(node.asText());
    }

    /** This node's own value as a whole number (for maps of name to number). */
    long asInteger() {
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        String s = node.isValueNode() ? expand(node.asText()).trim() : describe(node);
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw error("must be a whole number, got '" + s + "'");
        }
    }

    String string(String name, String dflt) {
        ConfigNode c = child(name);
        if (c.isMissing()) {
            return dflt;
        }
        if (!c.node.isValueNode()) {
            throw c.error("must be a single value, got " + describe(c.node));
        }
        return c.expand(c.node.asText());
    }

    String requiredString(String name) {
        String s = string(name, null);
        if (s == null || s.isBlank()) {
            throw child(name).error("is required");
        }
        return s;
    }

    /**
     * A credential: the file must name an environment variable ({@code ${OPENAI_API_KEY}}), so the key itself never
     * sits in the file, is never written back, and never appears in an error (the reference does).
     */
    Secret secret(String name) {
        ConfigNode c = child(name);
        if (c.isMissing()) {
            return Secret.none();
        }
        String raw = c.node.isValueNode() ? c.node.asText().trim() : "";
        if (!raw.matches("\\$\\{[A-Za-z_][A-Za-z0-9_]*}")) {
            // Not echoed: it may be the key itself.
            throw c.error("must name an environment variable, e.g. ${OPENAI_API_KEY}, so the key never sits in the file");
        }
        return new Secret(raw, env.apply(raw.substring(2, raw.length() - 1)));
    }

    boolean bool(String name, boolean dflt) {
        ConfigNode c = child(name);
        if (c.isMissing()) {
            return dflt;
        }
        if (c.node.isBoolean()) {
            return c.node.booleanValue();
        }
        String s = c.expand(c.node.asText()).trim();
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw c.error("must be true or false, got '" + s + "'");
    }

    double number(String name, double dflt) {
        ConfigNode c = child(name);
        if (c.isMissing()) {
            return dflt;
        }
        if (c.node.isNumber()) {
            return c.node.doubleValue();
        }
        String s = c.expand(c.node.asText()).trim();
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw c.error("must be a number, got '" + s + "'");
        }
    }

    long integer(String name, long dflt) {
        ConfigNode c = child(name);
        if (c.isMissing()) {
            return dflt;
        }
        if (c.node.isIntegralNumber()) {
            return c.node.longValue();
        }
        String s = c.expand(c.node.asText()).trim();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw c.error("must be a whole number, got '" + s + "'");
        }
    }

    Duration duration(String name, Duration dflt) {
        ConfigNode c = child(name);
        if (c.isMissing()) {
            return dflt;
        }
        String s = c.node.isNumber() ? c.node.asText() : c.expand(c.node.asText());
        try {
            return Durations.parse(s);
        } catch (IllegalArgumentException e) {
            throw c.error(e.getMessage());
        }
    }

    Duration positiveDuration(String name, Duration dflt) {
        Duration d = duration(name, dflt);
        if (d == null) {
            throw child(name).error("is required");
        }
        if (d.isNegative() || d.isZero()) {
            throw child(name).error("must be positive, got " + raw(name));
        }
        return d;
    }

    Duration nonNegativeDuration(String name, Duration dflt) {
        Duration d = duration(name, dflt);
        if (d.isNegative()) {
            throw child(name).error("must not be negative, got " + raw(name));
        }
        return d;
    }

    long byteSize(String name, long dflt) {
        ConfigNode c = child(name);
        if (c.isMissing()) {
            return dflt;
        }
        String s = c.expand(c.node.asText());
        long v;
        try {
            v = ByteSizes.parse(s);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw c.error(e.getMessage() == null ? "is too large" : e.getMessage());
        }
        if (v <= 0) {
            throw c.error("must be positive, got " + s.trim());
        }
        return v;
    }

    private String raw(String name) {
        ConfigNode c = child(name);
        return c.isMissing() ? "nothing" : c.expand(c.node.asText()).trim();
    }

    String expand(String text) {
        Matcher m = ENV_REF.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null || value.isEmpty()) {
                value = m.group(2);
            }
            if (value == null) {
                throw error("environment variable " + m.group(1) + " is not set and no default is given (${"
                        + m.group(1) + ":-default})");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String describe(JsonNode n) {
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        return "'" + n.asText() + "'";
    }
}
