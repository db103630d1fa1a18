package dev.switchboard.engine.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.telemetry.audit.AuditRecord;
import dev.switchboard.store.Urls;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A config change as an audit record: the top-level sections that differ, before and after, as JSON. Secrets never
 * get in: a {@link Secret} shows as its reference, fields and map keys that name a credential (password, token,
 * api key, authorization, ...) as {@value Urls#MASK}, and URLs with their credentials masked.
 */
public final class ConfigChanges {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern CREDENTIAL = Pattern.compile(
            "(?i).*(password|passwd|secret|token|api_?key|apikey|authorization|cookie|credential).*");
    private static final int DEPTH = 16;

    private ConfigChanges() {
    }

    /** The sections of {@code before} and {@code after} that differ, by their config names; empty when none does. */
    public static List<String> changedSections(SwitchboardConfig before, SwitchboardConfig after) {
        List<String> out = new ArrayList<>();
        for (RecordComponent rc : SwitchboardConfig.class.getRecordComponents()) {
            if (!Objects.equals(value(rc, before), value(rc, after))) {
                out.add(snake(rc.getName()));
            }
        }
        return out;
    }

    /**
     * @param what  what was edited, as the editor calls it ("Limits", "keys create")
     * @param via   where: {@code console}, {@code cli}
     * @return the record, or null when nothing changed
     */
    public static AuditRecord record(long atMillis, String actor, String what, String via, SwitchboardConfig before,
                                     SwitchboardConfig after, boolean saved) {
        List<String> sections = changedSections(before, after);
        if (sections.isEmpty()) {
            return null;
        }
        ObjectNode d = NODES.objectNode();
        d.put("what", what);
        d.put("via", via);
        d.put("saved", saved);
        ArrayNode names = d.putArray("sections");
        sections.forEach(names::add);
        ObjectNode b = d.putObject("before");
        ObjectNode a = d.putObject("after");
        for (RecordComponent rc : SwitchboardConfig.class.getRecordComponents()) {
            String name = snake(rc.getName());
            if (sections.contains(name)) {
                b.set(name, toJson(value(rc, before), 0));
                a.set(name, toJson(value(rc, after), 0));
            }
        }
        try {
            return new AuditRecord(atMillis, AuditRecord.CONFIG, actor, String.join(",", sections),
                    JSON.writeValueAsString(d));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the config change as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** One config value as JSON, credentials masked. */
    public static JsonNode toJson(Object v, int depth) {
        if (v == null) {
            return NODES.nullNode();
        }
        if (depth > DEPTH) {
            return NODES.textNode("…");
        }
        if (v instanceof Secret s) {
            return NODES.textNode(s.masked());
        }
        if (v instanceof String s) {
            return NODES.textNode(Urls.redact(s));
        }
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return NODES.numberNode(((Number) v).longValue());
        }
        if (v instanceof Number n) {
            return NODES.numberNode(n.doubleValue());
        }
        if (v instanceof Duration d) {
            return NODES.textNode(Durations.format(d));
        }
        if (v instanceof Path p) {
            return NODES.textNode(p.toString());
        }
        if (v instanceof Enum<?> e) {
            return NODES.textNode(e.name().toLowerCase(Locale.ROOT));
        }
        if (v instanceof JsonNode j) {
            return j.deepCopy();
        }
        if (v instanceof Pattern p) {
            return NODES.textNode(p.pattern());
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = NODES.objectNode();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                o.set(k, masked(k, e.getValue(), depth));
            }
            return o;
        }
        if (v instanceof Collection<?> c) {
            ArrayNode arr = NODES.arrayNode();
            c.forEach(x -> arr.add(toJson(x, depth + 1)));
            return arr;
        }
        if (v instanceof Record r) {
            ObjectNode o = NODES.objectNode();
            for (RecordComponent rc : r.getClass().getRecordComponents()) {
                String k = snake(rc.getName());
                o.set(k, masked(rc.getName(), value(rc, r), depth));
            }
            return o;
        }
        // Anything else (a compiled matcher, a detector) says what it is, not what it holds.
        return NODES.textNode(v.getClass().getSimpleName());
    }

    private static JsonNode masked(String name, Object value, int depth) {
        // Credentials are text: a count named for tokens (max_tokens, tokens_per_minute) stays readable.
        if (value instanceof String && CREDENTIAL.matcher(name).matches()) {
            return NODES.textNode(Urls.MASK);
        }
        return toJson(value, depth + 1);
    }

    private static Object value(RecordComponent rc, Object of) {
        try {
            var m = rc.getAccessor();
            m.setAccessible(true);
            return m.invoke(of);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "(unreadable)";
        }
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
