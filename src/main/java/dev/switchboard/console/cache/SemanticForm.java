package dev.switchboard.console.cache;

import dev.switchboard.engine.cache.semantic.Calibration;
import dev.switchboard.engine.cache.semantic.SemanticSettings;
import dev.switchboard.engine.config.SwitchboardConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The semantic editor's logic, free of JavaFX: reads the switch, the mode and the value the operator typed,
 * names the field in every message ({@code max_false_rate}, {@code threshold}: the config file's words), and says
 * what the setting implies by reading it off the calibration table before anything is applied.
 */
public final class SemanticForm {
    public static final String MAX_FALSE_RATE = "max_false_rate";
    public static final String THRESHOLD = "threshold";

    private SemanticForm() {
    }

    /** How the threshold is chosen: read off the calibration for a false-hit rate, or fixed. */
    public enum Mode {
        MAX_FALSE_RATE, THRESHOLD;

        public String field() {
            return this == MAX_FALSE_RATE ? SemanticForm.MAX_FALSE_RATE : SemanticForm.THRESHOLD;
        }

        public static Mode of(SemanticSettings s) {
            return s.threshold() != null ? THRESHOLD : MAX_FALSE_RATE;
        }
    }

    /**
     * The calibration as the editor knows it: being read (both null), read, or missing with the reason.
     *
     * @param table   the table for the settings' model (or the file they name); null unless read
     * @param problem why there is none, or null
     */
    public record Table(Calibration table, String problem) {
        public static final Table LOADING = new Table(null, null);

        public boolean loading() {
            return table == null && problem == null;
        }
    }

    /**
     * What a setting means on the calibration.
     *
     * @param threshold the effective threshold; {@code +Infinity} when no measured row is within the rate (nothing
     *                  is answered); null when it cannot be known (no table, or still reading it)
     * @param row       the measured row the threshold falls on, or null
     * @param text      one line for the operator, e.g. "threshold 0.938 → expected true-hit 35%, false-hit 13%"
     */
    public record Implication(Double threshold, Calibration.Row row, String text) {
    }

    /**
     * @param errors  field ({@link #MAX_FALSE_RATE} or {@link #THRESHOLD}) to message; empty when it can be applied
     * @param ready   valid, and the calibration is read where the mode needs it: Apply may run
     * @param config  the form applied to the config it was checked against; null unless valid
     * @param edit    the form's fields set on any config's semantic section, nothing else: what to apply to the
     *                engine's current config; null unless valid
     */
    public record Result(Map<String, String> errors, List<String> warnings, Implication implies, boolean ready,
                         SwitchboardConfig config, UnaryOperator<SwitchboardConfig> edit) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /** The value field's text for {@code s}, as the config file would write it. */
    public static String valueText(SemanticSettings s) {
        double v = Mode.of(s) == Mode.THRESHOLD ? s.threshold() : s.maxFalseRate();
        return plain(v);
    }

    public static Result check(SwitchboardConfig base, boolean enabled, Mode mode, String value, Table cal) {
        Map<String, String> errors = new LinkedHashMap<>();
        String field = mode.field();
        Double v = number(errors, field, value, mode);
        SemanticSettings next = null;
        UnaryOperator<SwitchboardConfig> edit = null;
        if (v != null) {
            edit = c -> c.withSemantic(set(c.semantic(), enabled, mode, v));
            try {
                next = set(base.semantic(), enabled, mode, v);
            } catch (IllegalArgumentException e) {
                // SemanticSettings names the field first ("max_false_rate: must be between 0 and 1 (exclusive)").
                errors.put(field, e.getMessage());
                edit = null;
            }
        }
        if (errors.isEmpty() && mode == Mode.MAX_FALSE_RATE && cal.problem() != null) {
            errors.put(field, cal.problem());
            edit = null;
        }
        List<String> warnings = new ArrayList<>();
        Implication implies = null;
        if (errors.isEmpty()) {
            implies = implication(next, cal);
            if (implies.threshold() != null && implies.threshold().isInfinite()) {
                warnings.add("max_false_rate " + plain(v) + " is below every measured false-hit rate: the semantic "
                        + "cache would answer nothing.");
            }
            if (mode == Mode.THRESHOLD && v < next.floor()) {
                warnings.add(String.format(Locale.ROOT, "threshold %.3f is below the floor %.2f: anything less "
                        + "similar than the floor is a miss, so the floor decides.", v, next.floor()));
            }
            if (!enabled) {
                warnings.add("Off: requests use the exact tiers only; the index is kept until the entries expire.");
            }
        }
        boolean valid = errors.isEmpty();
        boolean ready = valid && !(mode == Mode.MAX_FALSE_RATE && cal.loading());
        SwitchboardConfig config = valid ? base.withSemantic(next) : null;
        return new Result(Map.copyOf(errors), List.copyOf(warnings), implies, ready, config, valid ? edit : null);
    }

    private static SemanticSettings set(SemanticSettings s, boolean enabled, Mode mode, double v) {
        SemanticSettings on = s.withEnabled(enabled);
        return mode == Mode.THRESHOLD ? on.withThreshold(v) : on.withMaxFalseRate(v);
    }

    private static Double number(Map<String, String> errors, String field, String text, Mode mode) {
        String s = text == null ? "" : text.strip();
        String example = mode == Mode.THRESHOLD ? "0.92" : "0.135 (or 13.5%)";
        if (s.isEmpty()) {
            errors.put(field, field + ": required, a number such as " + example);
            return null;
        }
        boolean percent = mode == Mode.MAX_FALSE_RATE && s.endsWith("%");
        try {
            double v = Double.parseDouble(percent ? s.substring(0, s.length() - 1).strip() : s);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return percent ? v / 100 : v;
        } catch (NumberFormatException e) {
            errors.put(field, field + ": expected a number such as " + example + ", got '" + s + "'");
            return null;
        }
    }

    /** What {@code s} implies on the calibration: the effective threshold and the rates measured there. */
    public static Implication implication(SemanticSettings s, Table cal) {
        Mode mode = Mode.of(s);
        String head = mode == Mode.MAX_FALSE_RATE ? MAX_FALSE_RATE + " " + plain(s.maxFalseRate()) + " → " : "";
        if (cal.table() == null) {
            if (mode == Mode.THRESHOLD) {
                return new Implication(s.threshold(), null, String.format(Locale.ROOT, "threshold %.3f%s",
                        s.threshold(), cal.loading() ? "" : " → rates unknown: no calibration table for "
                                + s.model()));
            }
            return new Implication(null, null, head + (cal.loading() ? "reading the calibration…"
                    : "no calibration table"));
        }
        Calibration c = cal.table();
        double t = mode == Mode.THRESHOLD ? s.threshold() : c.thresholdFor(s.maxFalseRate());
        if (Double.isInfinite(t)) {
            return new Implication(t, null, head + "no threshold: nothing would be answered");
        }
        Calibration.Row row = rowAt(c, t);
        List<Calibration.Row> rows = c.table();
        double lowest = rows.get(rows.size() - 1).threshold();
        String below = t < lowest - 1e-12
                ? String.format(Locale.ROOT, " (at least; the table starts at %.3f)", lowest) : "";
        return new Implication(t, row, String.format(Locale.ROOT, "%sthreshold %.3f → expected true-hit %s, "
                + "false-hit %s%s", head, t, percent(row.trueHitRate()), percent(row.falseHitRate()), below));
    }

    /** The nearest row at or above {@code t} (the rates a lookup at {@code t} was measured with), as the rule reads it. */
    static Calibration.Row rowAt(Calibration c, double t) {
        List<Calibration.Row> rows = c.table();
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (rows.get(i).threshold() >= t - 1e-12) {
                return rows.get(i);
            }
        }
        return rows.get(0);
    }

    /** Whole percent from 10% up, one decimal below it, where a point matters. */
    static String percent(double share) {
        double p = 100 * share;
        return p >= 10 || p == 0 ? String.format(Locale.ROOT, "%.0f%%", p) : String.format(Locale.ROOT, "%.1f%%", p);
    }

    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
