package dev.switchboard.console.guardrails;

import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.guard.Guards;
import dev.switchboard.engine.guard.detect.Finding;
import dev.switchboard.engine.guard.policy.GuardMode;
import dev.switchboard.engine.guard.policy.GuardPolicy;
import dev.switchboard.engine.guard.policy.GuardRules;
import dev.switchboard.engine.guard.policy.GuardSettings;
import dev.switchboard.engine.guard.GuardStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The Guardrails tab's logic, free of JavaFX: one namespace's guards (the {@code default} rules, or a namespace's
 * own) as edited, checked into {@link GuardRules} for input and output; and the test box, which runs a text through
 * the rules being edited with a private {@link Guards} (its counts never reach the engine's).
 */
public final class GuardForm {
    public static final String DEFAULT = "default";
    public static final String THRESHOLD = "injection_threshold";
    public static final String TERMS = "blocklist_terms";
    /** The guards, as the config names them. */
    public static final List<String> GUARDS = List.of("pii", "secrets", "injection", "blocklist");

    private static final Guards TRY = new Guards(new GuardStats());

    private GuardForm() {
    }

    /**
     * @param input     guard to mode, for requests
     * @param output    guard to mode, for answers
     * @param thresholdIn the injection threshold for requests, as typed (and {@code thresholdOut} for answers)
     * @param termsIn   the blocklist terms for requests, one a line (and {@code termsOut} for answers)
     */
    public record Draft(String namespace, Map<String, GuardMode> input, Map<String, GuardMode> output,
                        String thresholdIn, String thresholdOut, String termsIn, String termsOut) {
    }

    /**
     * @param errors field to message; empty when valid
     * @param input  the rules for requests, null unless valid
     * @param output the rules for answers, null unless valid
     * @param edit   sets them on any config's guards section (the namespace's, or the default); null unless valid
     */
    public record Result(Map<String, String> errors, GuardRules input, GuardRules output,
                         UnaryOperator<SwitchboardConfig> edit) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /** The draft of {@code namespace}'s rules in {@code s}. */
    public static Draft draft(GuardSettings s, String namespace) {
        String ns = DEFAULT.equals(namespace) ? null : namespace;
        GuardRules in = s.rulesFor(ns, false);
        GuardRules out = s.rulesFor(ns, true);
        return new Draft(namespace, modes(in), modes(out), plain(in.injectionThreshold()),
                plain(out.injectionThreshold()), String.join("\n", in.blocklistTerms()),
                String.join("\n", out.blocklistTerms()));
    }

    static Map<String, GuardMode> modes(GuardRules r) {
        Map<String, GuardMode> m = new LinkedHashMap<>();
        m.put("pii", r.pii());
        m.put("secrets", r.secrets());
        m.put("injection", r.injection());
        m.put("blocklist", r.blocklist());
        return m;
    }

    /** The running rules of the draft's namespace, for comparing and for what the editor does not show. */
    static GuardRules running(GuardSettings s, String namespace, boolean output) {
        return s.rulesFor(DEFAULT.equals(namespace) ? null : namespace, output);
    }

    public static Result check(GuardSettings running, Draft d) {
        Map<String, String> errors = new LinkedHashMap<>();
        Double thresholdIn = threshold(errors, "input", d.thresholdIn());
        Double thresholdOut = threshold(errors, "output", d.thresholdOut());
        if (!errors.isEmpty()) {
            return new Result(Map.copyOf(errors), null, null, null);
        }
        GuardRules in;
        GuardRules out;
        try {
            in = set(running(running, d.namespace(), false), d.input(), thresholdIn, terms(d.termsIn()));
            new GuardPolicy(in);
        } catch (IllegalArgumentException e) {
            errors.put(TERMS, "input." + e.getMessage());
            return new Result(Map.copyOf(errors), null, null, null);
        }
        try {
            out = set(running(running, d.namespace(), true), d.output(), thresholdOut, terms(d.termsOut()));
            new GuardPolicy(out);
        } catch (IllegalArgumentException e) {
            errors.put(TERMS, "output." + e.getMessage());
            return new Result(Map.copyOf(errors), null, null, null);
        }
        String ns = d.namespace();
        UnaryOperator<SwitchboardConfig> edit = c -> GuardConfig.with(c, put(GuardConfig.of(c), ns, in, out));
        return new Result(Map.of(), in, out, edit);
    }

    /** The threshold typed for {@code direction}, or null with the error put under {@link #THRESHOLD}. */
    private static Double threshold(Map<String, String> errors, String direction, String typed) {
        String t = typed == null ? "" : typed.strip();
        String field = direction + "." + THRESHOLD;
        try {
            double v = Double.parseDouble(t);
            if (v > 0 && v <= 1) {
                return v;
            }
            errors.merge(THRESHOLD, field + ": greater than 0 and at most 1, got " + t, (a, b) -> a + "\n" + b);
        } catch (NumberFormatException e) {
            errors.merge(THRESHOLD, field + ": a number such as 0.6, got '" + t + "'", (a, b) -> a + "\n" + b);
        }
        return null;
    }

    /** The terms typed, one a line: blank lines and repeats dropped. */
    private static List<String> terms(String typed) {
        return typed == null ? List.of() : typed.lines().map(String::strip).filter(l -> !l.isEmpty()).distinct()
                .toList();
    }

    /** {@code s} with {@code namespace}'s rules (or the default ones) replaced. */
    static GuardSettings put(GuardSettings s, String namespace, GuardRules in, GuardRules out) {
        if (DEFAULT.equals(namespace)) {
            return s.withInput(in).withOutput(out);
        }
        Map<String, GuardSettings.Directions> ns = new LinkedHashMap<>(s.namespaces());
        ns.put(namespace, new GuardSettings.Directions(in, out));
        return new GuardSettings(s.input(), s.output(), ns);
    }

    private static GuardRules set(GuardRules base, Map<String, GuardMode> modes, double threshold,
                                  List<String> terms) {
        return base.withPii(modes.get("pii")).withSecrets(modes.get("secrets"))
                .withInjection(modes.get("injection"), threshold)
                .withBlocklist(modes.get("blocklist"), terms, base.blocklistPatterns());
    }

    /** One finding in the test box: the rule, what its guard does, where, and how sure. */
    public record Row(String rule, GuardMode mode, int start, int end, double score) {
        public String span() {
            return start + "–" + end;
        }
    }

    /**
     * What {@code text} would become under {@code rules}.
     *
     * @param text     the text after the guards; null when it would be blocked
     * @param blocked  the first finding in block mode, or null
     * @param findings every finding, in order
     */
    public record Trial(String text, Row blocked, List<Row> findings) {
        public String summary() {
            if (blocked != null) {
                return String.format(Locale.ROOT, "Blocked by %s at %s: nothing would go on (guardrail_blocked).",
                        blocked.rule(), blocked.span());
            }
            if (findings.isEmpty()) {
                return "Clean: nothing found, the text goes on as written.";
            }
            long redacted = findings.stream().filter(r -> r.mode() == GuardMode.REDACT).count();
            long flagged = findings.stream().filter(r -> r.mode() == GuardMode.FLAG).count();
            return String.format(Locale.ROOT, "%d found: %d redacted, %d flagged.", findings.size(), redacted,
                    flagged);
        }
    }

    /** Runs {@code text} through {@code rules}: pure CPU (microseconds), no I/O, safe on the FX thread. */
    public static Trial trial(GuardRules rules, String text) {
        GuardPolicy policy = GuardPolicy.of(rules);
        List<Finding> found = policy.scan(text == null ? "" : text);
        List<Row> rows = new ArrayList<>(found.size());
        Row blocked = null;
        for (Finding f : found) {
            Row r = new Row(f.rule(), policy.modeFor(f.type()), f.start(), f.end(), f.score());
            rows.add(r);
            if (blocked == null && r.mode() == GuardMode.BLOCK) {
                blocked = r;
            }
        }
        if (blocked != null) {
            return new Trial(null, blocked, rows);
        }
        String after = text == null || text.isEmpty() ? "" : TRY.checkOutput(text, policy).text();
        return new Trial(after, null, rows);
    }

    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
