package dev.switchboard.console.alerts;

import dev.switchboard.engine.telemetry.monitor.AlertSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Alerts tab's threshold editor, free of JavaFX: percentages as typed (5, 0.1) and a P95 target (800ms, 5s,
 * off) into the alerts settings, or an error naming the field and the reason.
 */
public final class ThresholdsForm {
    /** The edited settings, or the first problem as "field: reason". */
    public record Result(AlertSettings settings, String error) {
    }

    private ThresholdsForm() {
    }

    public static String percent(double share) {
        return String.format(Locale.ROOT, "%s", stripZeros(share * 100));
    }

    public static String namespaces(Map<String, Double> m) {
        return String.join(", ", m.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + stripZeros(e.getValue() * 100)).toList());
    }

    public static String target(Duration d) {
        return d == null ? "off" : d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static String stripZeros(double v) {
        return new java.math.BigDecimal(Double.toString(v)).round(new java.math.MathContext(6)).stripTrailingZeros()
                .toPlainString();
    }

    public static Result apply(AlertSettings current, String threshold, String namespaces, String p95) {
        double t;
        try {
            t = share(threshold);
        } catch (IllegalArgumentException e) {
            return new Result(null, "threshold: " + e.getMessage());
        }
        Map<String, Double> ns = new LinkedHashMap<>();
        for (String part : namespaces.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return new Result(null, "namespaces: write NAME=PERCENT, e.g. payments=0.1, got '" + part.strip() + "'");
            }
            String name = part.substring(0, eq).strip();
            try {
                ns.put(name, share(part.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                return new Result(null, "namespaces." + name + ": " + e.getMessage());
            }
        }
        Duration target;
        String p = p95.strip().toLowerCase(Locale.ROOT);
        if (p.equals("off")) {
            target = null;
        } else {
            try {
                target = p.endsWith("ms") ? Duration.ofMillis(Long.parseLong(p.substring(0, p.length() - 2).strip()))
                        : p.endsWith("s") ? Duration.ofSeconds(Long.parseLong(p.substring(0, p.length() - 1).strip()))
                        : null;
            } catch (NumberFormatException e) {
                target = null;
            }
            if (target == null || target.isNegative() || target.isZero()) {
                return new Result(null, "p95_target: expected a duration such as 800ms or 5s, or off, got '" + p95.strip()
                        + "'");
            }
        }
        try {
            AlertSettings.ErrorRate er = current.errorRate().withThreshold(t).withNamespaces(ns);
            return new Result(current.withErrorRate(er).withLatency(current.latency().withTarget(target)), null);
        } catch (IllegalArgumentException e) {
            return new Result(null, e.getMessage());
        }
    }

    /** A percentage as typed, as a share: "5" and "5%" are 0.05. */
    private static double share(String typed) {
        String s = typed.strip().replace("%", "").strip();
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a percentage such as 5 or 0.1, got '" + typed.strip() + "'");
        }
        if (!(v > 0 && v <= 100)) {
            throw new IllegalArgumentException("must be above 0% and at most 100%, got " + s + "%");
        }
        return v / 100;
    }
}
