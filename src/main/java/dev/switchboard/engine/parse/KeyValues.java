package dev.switchboard.engine.parse;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an answer written as keys and values. {@link #exact} takes {@code key: value} lines with the keys as
 * expected; {@link #flexible} also takes {@code =}, {@code ->}, {@code →}, {@code |} and {@code  - } as delimiters,
 * bullets, bold keys and markdown tables, and matches keys ignoring case, spaces, dashes and underscores. Values
 * stay strings; {@link Coercion} types them.
 */
final class KeyValues {
    private static final Pattern LINE = Pattern.compile("^\\s*[\"']?([A-Za-z_][A-Za-z0-9_.\\-]*)[\"']?\\s*:\\s*(.*?)\\s*,?\\s*$");
    private static final Pattern BULLET = Pattern.compile("^\\s*(?:[-*\u2022+]|\\d{1,3}[.)])\\s+");
    private static final Pattern DELIMITED = Pattern.compile(
            "^(.+?)\\s*(?::|=>|->|\u2192|=|\\|)\\s*(.*)$|^(.+?)\\s+[-\u2013\u2014]\\s+(.*)$");
    private static final Pattern SEPARATOR_ROW = Pattern.compile("^\\s*\\|?\\s*:?-{2,}:?\\s*(\\|\\s*:?-{2,}:?\\s*)*\\|?\\s*$");

    private KeyValues() {
    }

    /** {@code key: value} lines; with {@code expected} only those keys, exactly. Null when no pair is found. */
    static ObjectNode exact(String text, List<String> expected) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                String key = m.group(1);
                if ((expected == null || expected.contains(key)) && !out.has(key)) {
                    out.put(key, unquote(m.group(2)));
                }
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** Keys and values in any of the shapes above; null when no pair is found. */
    static ObjectNode flexible(String text, List<String> expected) {
        Map<String, String> byNorm = new HashMap<>();
        if (expected != null) {
            expected.forEach(k -> byNorm.put(norm(k), k));
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        List<List<String>> table = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("|")) {
                if (!SEPARATOR_ROW.matcher(line).matches()) {
                    table.add(cells(line));
                }
                continue;
            }
            if (line.startsWith("{") || line.startsWith("[")) {
                // JSON, maybe cut off: not keys and values, and reading it as such would hide the damage.
                continue;
            }
            line = BULLET.matcher(line).replaceFirst("");
            Matcher m = DELIMITED.matcher(line);
            if (m.matches()) {
                String k = m.group(1) != null ? m.group(1) : m.group(3);
                String v = m.group(1) != null ? m.group(2) : m.group(4);
                put(out, byNorm, expected, cleanKey(k), v);
            }
        }
        if (!table.isEmpty()) {
            readTable(table, out, byNorm, expected);
        }
        return out.isEmpty() ? null : out;
    }

    /** Rows of {@code | key | value |}, or a header of keys over one row of values. */
    private static void readTable(List<List<String>> rows, ObjectNode out, Map<String, String> byNorm,
                                  List<String> expected) {
        List<String> header = rows.get(0);
        boolean horizontal = expected != null && rows.size() >= 2 && header.size() > 2
                && header.stream().allMatch(h -> byNorm.containsKey(norm(cleanKey(h))));
        if (horizontal) {
            List<String> values = rows.get(1);
            for (int i = 0; i < header.size() && i < values.size(); i++) {
                put(out, byNorm, expected, cleanKey(header.get(i)), values.get(i));
            }
            return;
        }
        for (List<String> row : rows) {
            if (row.size() >= 2) {
                put(out, byNorm, expected, cleanKey(row.get(0)), row.get(1));
            }
        }
    }

    private static void put(ObjectNode out, Map<String, String> byNorm, List<String> expected, String key,
                            String value) {
        if (key.isEmpty()) {
            return;
        }
        String name = expected == null ? key : byNorm.get(norm(key));
        if (name != null && !out.has(name)) {
            out.put(name, unquote(stripMarkup(value.strip())));
        }
    }

    private static List<String> cells(String row) {
        String r = row.strip();
        r = r.substring(1, r.endsWith("|") && r.length() > 1 ? r.length() - 1 : r.length());
        List<String> out = new ArrayList<>();
        for (String c : r.split("\\|", -1)) {
            out.add(c.strip());
        }
        return out;
    }

    private static String cleanKey(String k) {
        return stripMarkup(k.strip()).replaceAll("[\"']", "").strip();
    }

    /** Bold, italics and code marks around a key or value. */
    private static String stripMarkup(String s) {
        String t = s;
        while (t.length() >= 2 && (t.startsWith("**") || t.startsWith("__")) && t.endsWith(t.substring(0, 2))
                && t.length() >= 4) {
            t = t.substring(2, t.length() - 2).strip();
        }
        t = t.replace("**", "");
        if (t.length() >= 2 && t.startsWith("`") && t.endsWith("`")) {
            t = t.substring(1, t.length() - 1);
        }
        return t.strip();
    }

    /** Keys compare by letters and digits only: "Unit Price", "unit_price" and "unitPrice" are one key. */
    static String norm(String k) {
        StringBuilder sb = new StringBuilder(k.length());
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    private static String unquote(String v) {
        String s = v.strip();
        if (s.endsWith(",")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        if (s.length() >= 2 && (s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"'
                || s.charAt(0) == '\'' && s.charAt(s.length() - 1) == '\'')) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }
}
