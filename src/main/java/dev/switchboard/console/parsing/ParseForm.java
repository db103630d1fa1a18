package dev.switchboard.console.parsing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.parse.ParseSettings;
import dev.switchboard.engine.parse.Strategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The Parsing tab's editor logic, free of JavaFX: the named schemas as typed, the chain (order, each strategy on
 * or off), max re-prompts and raw_on_failure, checked into a {@link ParseSettings}. Every message starts with the
 * config file's field ({@code schemas.order}, {@code chain}, {@code max_reprompts}).
 */
public final class ParseForm {
    public static final String CHAIN = "chain";
    public static final String MAX_REPROMPTS = "max_reprompts";
    public static final String SCHEMAS = "schemas";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private ParseForm() {
    }

    /** One strategy of the chain as the editor lists it. */
    public record Link(Strategy strategy, boolean on) {
        @Override
        public String toString() {
            return strategy.id();
        }
    }

    /**
     * What the operator has in the editor.
     *
     * @param schemas name to the text typed, in the list's order
     * @param chain   every strategy once, in the order shown, each on or off
     */
    public record Draft(boolean enabled, Map<String, String> schemas, List<Link> chain, int maxReprompts,
                        boolean rawOnFailure) {
        public Draft {
            schemas = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(schemas));
            chain = List.copyOf(chain);
        }
    }

    /**
     * @param errors   field to message ({@code schemas.NAME}, {@code chain}, {@code max_reprompts}); empty when valid
     * @param settings the draft as settings (the running namespaces kept); null unless valid
     * @param edit     sets them on any config's parse section; null unless valid
     */
    public record Result(Map<String, String> errors, ParseSettings settings, UnaryOperator<SwitchboardConfig> edit) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /** The editor's draft of {@code s}: strategies left out of the chain listed after it, off. */
    public static Draft draft(ParseSettings s) {
        Map<String, String> schemas = new LinkedHashMap<>();
        s.schemas().forEach((name, node) -> schemas.put(name, SchemaCheck.pretty(node)));
        List<Link> chain = new ArrayList<>();
        s.chain().forEach(st -> chain.add(new Link(st, true)));
        for (Strategy st : Strategy.ALL) {
            if (!s.chain().contains(st)) {
                chain.add(new Link(st, false));
            }
        }
        return new Draft(s.enabled(), schemas, chain, s.maxReprompts(), s.rawOnFailure());
    }

    /** Whether {@code name} can name a schema; the reason when not, else null. */
    public static String nameProblem(String name, java.util.Set<String> taken) {
        if (name == null || !NAME.matcher(name).matches()) {
            return "schemas: a name is 1-64 letters, digits, '_', '-' or '.', got '" + (name == null ? "" : name)
                    + "'";
        }
        return taken.contains(name) ? "schemas." + name + ": already exists" : null;
    }

    /** Checks {@code d} against {@code running} (whose namespaces are kept as they are). */
    public static Result check(ParseSettings running, Draft d) {
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, JsonNode> schemas = new LinkedHashMap<>();
        d.schemas().forEach((name, text) -> {
            SchemaCheck.Result r = SchemaCheck.check(text);
            if (r.ok()) {
                schemas.put(name, r.value());
            } else {
                errors.put(SCHEMAS + "." + name, SCHEMAS + "." + name + ": " + r.problem());
            }
        });
        List<Strategy> chain = d.chain().stream().filter(Link::on).map(Link::strategy).toList();
        if (chain.isEmpty()) {
            errors.put(CHAIN, CHAIN + ": turn at least one strategy on");
        }
        if (d.maxReprompts() < 0 || d.maxReprompts() > ParseSettings.MAX_REPROMPTS) {
            errors.put(MAX_REPROMPTS, MAX_REPROMPTS + ": between 0 and " + ParseSettings.MAX_REPROMPTS + ", got "
                    + d.maxReprompts());
        }
        ParseSettings next = null;
        if (errors.isEmpty()) {
            try {
                next = new ParseSettings(d.enabled(), chain, d.maxReprompts(), schemas, running.namespaces(),
                        d.rawOnFailure());
            } catch (IllegalArgumentException e) {
                // ParseSettings names the field first: "namespaces.orders.schema: unknown schema 'order'".
                String m = e.getMessage();
                String field = m.startsWith("namespaces.") ? SCHEMAS : m.contains(":") ? m.substring(0,
                        m.indexOf(':')) : SCHEMAS;
                errors.put(field, m.startsWith("namespaces.") ? m + " (a namespace uses it: keep it, or change the "
                        + "namespace in the config file)" : m);
            }
        }
        if (!errors.isEmpty()) {
            return new Result(Map.copyOf(errors), null, null);
        }
        ParseSettings settings = next;
        UnaryOperator<SwitchboardConfig> edit = c -> ParseConfig.with(c, new ParseSettings(settings.enabled(),
                settings.chain(), settings.maxReprompts(), settings.schemas(), ParseConfig.of(c).namespaces(),
                settings.rawOnFailure()));
        return new Result(Map.of(), settings, edit);
    }
}
