package dev.switchboard.console.routing;

import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.route.CascadeRoute;
import dev.switchboard.engine.route.Complexity;
import dev.switchboard.engine.route.Confidence;
import dev.switchboard.engine.route.ExperimentRoute;
import dev.switchboard.engine.route.Route;
import dev.switchboard.engine.route.TableRoute;
import dev.switchboard.engine.route.TaskClass;
import dev.switchboard.engine.route.VoteRoute;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The Routing tab's editors, free of JavaFX: the fields as typed into a {@link Route}, checked against the config it
 * is to join, or the first problem as {@code routing.routes.NAME.FIELD: reason}. Fields the editor does not show
 * (a cascade's stages, a vote's voters) are kept from the route being edited.
 */
public final class RouteForm {
    /** The keys {@link Result#field} takes, so the editor knows which control to outline. */
    public static final String OTHERWISE = "otherwise";
    public static final String FAST = "fast_model";
    public static final String MAX_REQUEST = "max_usd_per_request";
    public static final String MAX_1M = "max_usd_per_1m";
    public static final String THRESHOLD = "threshold";
    public static final String CONFIDENCE = "confidence";
    public static final String FIELD = "field";
    public static final String VERIFIER = "verifier";
    public static final String ARM_A = "a";
    public static final String ARM_B = "b";
    public static final String SPLIT = "b_percent";

    /**
     * @param route the edited route, null unless valid
     * @param field the key of the field at fault ({@code table.coding.low}, {@link #THRESHOLD}, ...); null when
     *              valid or when the problem is the route as a whole
     * @param error {@code routing.routes.NAME.FIELD: reason}; null when valid
     */
    public record Result(Route route, String field, String error) {
        public boolean valid() {
            return error == null;
        }

        static Result ok(Route r) {
            return new Result(r, null, null);
        }
    }

    private RouteForm() {
    }

    /** The key of a table cell's field, as in the config: {@code table.coding.low}. */
    public static String cell(TaskClass c, Complexity x) {
        return "table." + c.wireName() + "." + x.wireName();
    }

    /** What a table's cell may name: the models, then the routes that are not tables. */
    public static List<String> tableTargets(SwitchboardConfig cfg) {
        List<String> out = new ArrayList<>(cfg.models().keySet());
        cfg.routing().routes().values().stream().filter(r -> !(r instanceof TableRoute)).map(Route::name)
                .forEach(out::add);
        return out;
    }

    /**
     * @param cells      the cells as typed; a blank or missing cell takes {@code otherwise}
     * @param perRequest USD, blank for no ceiling (and {@code per1M} likewise)
     * @param fast       blank for none
     */
    public static Result table(SwitchboardConfig cfg, TableRoute base, Map<TaskClass, Map<Complexity, String>> cells,
                               String otherwise, String perRequest, String per1M, String fast) {
        String name = base.name();
        Map<TaskClass, Map<Complexity, String>> written = new EnumMap<>(TaskClass.class);
        for (TaskClass c : TaskClass.values()) {
            for (Complexity x : Complexity.values()) {
                String t = strip(cells.getOrDefault(c, Map.of()).get(x));
                if (t.isEmpty()) {
                    continue;
                }
                String problem = tableTarget(cfg, name, t);
                if (problem != null) {
                    return error(name, cell(c, x), problem);
                }
                written.computeIfAbsent(c, k -> new EnumMap<>(Complexity.class)).put(x, t);
            }
        }
        String other = strip(otherwise);
        if (other.isEmpty()) {
            return error(name, OTHERWISE, "is required: the target of every blank cell");
        }
        String problem = tableTarget(cfg, name, other);
        if (problem != null) {
            return error(name, OTHERWISE, problem);
        }
        Double maxRequest;
        Double max1M;
        try {
            maxRequest = usd(perRequest);
        } catch (IllegalArgumentException e) {
            return error(name, MAX_REQUEST, e.getMessage());
        }
        try {
            max1M = usd(per1M);
        } catch (IllegalArgumentException e) {
            return error(name, MAX_1M, e.getMessage());
        }
        String f = strip(fast);
        if (!f.isEmpty() && !cfg.models().containsKey(f)) {
            return error(name, FAST, "unknown model '" + f + "'; known: " + String.join(", ", cfg.models().keySet()));
        }
        return joined(cfg, new TableRoute(name, written, other, maxRequest, max1M, f.isEmpty() ? null : f));
    }

    public static Result cascade(SwitchboardConfig cfg, CascadeRoute base, String threshold, Confidence confidence,
                                 String field, String verifier) {
        String name = base.name();
        double t;
        try {
            t = share(threshold);
        } catch (IllegalArgumentException e) {
            return error(name, THRESHOLD, e.getMessage());
        }
        if (confidence == null) {
            return error(name, CONFIDENCE, "choose one: logprobs, parse, field or verifier");
        }
        String f = strip(field);
        String v = strip(verifier);
        if (confidence == Confidence.FIELD && f.isEmpty()) {
            return error(name, FIELD, "names the answer's field holding its confidence, for confidence: field");
        }
        if (confidence == Confidence.VERIFIER) {
            if (v.isEmpty()) {
                return error(name, VERIFIER, "names the model that judges the answers, for confidence: verifier");
            }
            if (!cfg.models().containsKey(v)) {
                return error(name, VERIFIER, "unknown model '" + v + "'; known: "
                        + String.join(", ", cfg.models().keySet()));
            }
        }
        // A source's own field only: a field left over from another source would be saved for nothing.
        return joined(cfg, new CascadeRoute(name, base.stages(), t, confidence,
                confidence == Confidence.FIELD ? f : null, confidence == Confidence.VERIFIER ? v : null));
    }

    public static Result vote(SwitchboardConfig cfg, VoteRoute base, String field, boolean earlyStop) {
        return joined(cfg, new VoteRoute(base.name(), base.voters(), strip(field), earlyStop));
    }

    public static Result experiment(SwitchboardConfig cfg, ExperimentRoute base, String a, String b, String percent) {
        String name = base.name();
        String x = strip(a);
        String y = strip(b);
        for (String[] arm : new String[][] {{ARM_A, x}, {ARM_B, y}}) {
            if (arm[1].isEmpty()) {
                return error(name, arm[0], "names the model of arm " + arm[0]);
            }
            if (!cfg.models().containsKey(arm[1])) {
                return error(name, arm[0], "unknown model '" + arm[1] + "'; known: "
                        + String.join(", ", cfg.models().keySet()));
            }
        }
        if (x.equals(y)) {
            return error(name, ARM_B, "must differ from a ('" + x + "'): an experiment compares two models");
        }
        int p;
        try {
            p = percent(percent);
        } catch (IllegalArgumentException e) {
            return error(name, SPLIT, e.getMessage());
        }
        return joined(cfg, new ExperimentRoute(name, x, y, p));
    }

    /** Null when a table may send to {@code t}, else why not. */
    private static String tableTarget(SwitchboardConfig cfg, String self, String t) {
        if (cfg.models().containsKey(t)) {
            return null;
        }
        Route r = cfg.routing().route(t);
        if (r instanceof TableRoute) {
            return t.equals(self) ? "a table cannot send to itself"
                    : "'" + t + "' is a table; a table may name models, cascades, votes and experiments, not tables";
        }
        if (r != null) {
            return null;
        }
        List<String> routes = cfg.routing().routes().values().stream().filter(x -> !(x instanceof TableRoute))
                .map(Route::name).toList();
        return "unknown model or route '" + t + "'; models: " + String.join(", ", cfg.models().keySet())
                + (routes.isEmpty() ? "" : "; routes: " + String.join(", ", routes));
    }

    /** The route checked as part of the whole config, as the engine will check it. */
    private static Result joined(SwitchboardConfig cfg, Route r) {
        try {
            cfg.withRouting(cfg.routing().with(r));
            return Result.ok(r);
        } catch (ConfigException e) {
            return new Result(null, null, e.getMessage());
        } catch (IllegalArgumentException e) {
            // The records' own checks already name the field ("threshold: ...").
            return new Result(null, null, "routing.routes." + r.name() + "." + e.getMessage());
        }
    }

    private static Result error(String route, String field, String reason) {
        return new Result(null, field, "routing.routes." + route + "." + field + ": " + reason);
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }

    /** A share in [0, 1] as typed: {@code 0.7}. */
    static double share(String typed) {
        String s = strip(typed);
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number between 0 and 1, such as 0.7, got '" + s + "'");
        }
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("must be between 0 and 1, got " + s);
        }
        return v;
    }

    /** Dollars as typed ({@code 0.002}, {@code $0.002}); blank is none. */
    static Double usd(String typed) {
        String s = strip(typed).replace("$", "").strip();
        if (s.isEmpty()) {
            return null;
        }
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected dollars such as 0.002, or blank for no ceiling, got '"
                    + strip(typed) + "'");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("must be more than 0 (blank for no ceiling), got " + s);
        }
        return v;
    }

    /** A whole percentage 0..100 as typed: {@code 30}, {@code 30%}. */
    static int percent(String typed) {
        String s = strip(typed).replace("%", "").strip();
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole percentage between 0 and 100, such as 30, got '"
                    + strip(typed) + "'");
        }
        if (v < 0 || v > 100) {
            throw new IllegalArgumentException("must be between 0 and 100, got " + v);
        }
        return v;
    }

    /** A number as the fields show it: no trailing zeros, no exponent ({@code 0.0005}, {@code 2.5}). */
    public static String plain(Double v) {
        // Double.toString is the shortest text that reads back as the same double: a loaded route is not "changed".
        return v == null ? "" : new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** A threshold as the field shows it: two decimals, more only when the value has them. */
    public static String threshold(double v) {
        String p = plain(v);
        int dot = p.indexOf('.');
        return dot < 0 ? p + ".00" : p.length() - dot - 1 < 2 ? p + "0" : p;
    }
}
