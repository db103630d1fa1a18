package dev.switchboard.console.whatif;

import dev.switchboard.console.Money;
import dev.switchboard.replay.WhatIfResult;
import dev.switchboard.replay.WhatIfResult.Difference;
import dev.switchboard.replay.WhatIfResult.Figures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A what-if's differences as the window's rows and its timeline as chart series; free of JavaFX. */
public final class WhatIfRows {
    private WhatIfRows() {
    }

    /** How the draft's figure compares: {@code CHANGED} where neither way is better (a routed share). */
    public enum Verdict {
        SAME, BETTER, WORSE, CHANGED
    }

    /** One row: the figure's name, both values and the change as shown, and the verdict (for the colour). */
    public record Row(String metric, String label, String current, String draft, String change, Verdict verdict) {
    }

    /** What the chart can show per step of the workload's clock. */
    public enum Series {
        HIT_RATE("Hit rate (%)"), COST("Cost per step ($)"), P95("Latency p95 (ms)"), REQUESTS("Requests");

        public final String label;

        Series(String label) {
            this.label = label;
        }

        public double of(Figures f) {
            return switch (this) {
                case HIT_RATE -> f.requests() == 0 ? 0 : 100.0 * f.hits() / f.requests();
                case COST -> f.costUsd();
                case P95 -> f.p95Ms();
                case REQUESTS -> f.requests();
            };
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public static List<Row> rows(WhatIfResult r) {
        List<Row> out = new ArrayList<>(r.differences().size());
        for (Difference d : r.differences()) {
            out.add(new Row(d.metric(), label(d.metric()), value(d, d.current()), value(d, d.proposed()),
                    d.changed() ? change(d) : "", verdict(d)));
        }
        return out;
    }

    /** Better or worse by the figure's sense: more hits and saving are better; more cost, failures, latency worse. */
    public static Verdict verdict(Difference d) {
        if (!d.changed()) {
            return Verdict.SAME;
        }
        String m = d.metric();
        if (m.startsWith("routed.")) {
            return Verdict.CHANGED;
        }
        boolean higherIsBetter = m.startsWith("hit_rate") || m.equals("hits") || m.equals("saved_usd");
        return (d.delta() > 0) == higherIsBetter ? Verdict.BETTER : Verdict.WORSE;
    }

    /** The operator's words for a metric's name. */
    public static String label(String metric) {
        return switch (metric) {
            case "hit_rate" -> "Hit rate";
            case "hits" -> "Cache answers";
            case "misses" -> "Misses";
            case "provider_calls" -> "Provider calls";
            case "cost_usd" -> "Cost";
            case "saved_usd" -> "Saved by the cache";
            case "violations" -> "Upstream limit violations";
            case "false_hits" -> "False hits";
            default -> {
                if (metric.startsWith("hit_rate.")) {
                    String tier = metric.substring("hit_rate.".length());
                    yield "Hit rate " + (tier.equals("semantic") ? "semantic" : tier.toUpperCase(Locale.ROOT));
                }
                if (metric.startsWith("refused.")) {
                    yield "Refused: " + metric.substring("refused.".length()).replace('_', ' ');
                }
                if (metric.startsWith("failed.")) {
                    yield "Failed: " + metric.substring("failed.".length()).replace('_', ' ');
                }
                if (metric.startsWith("latency_ms.")) {
                    yield "Latency " + metric.substring("latency_ms.".length());
                }
                if (metric.startsWith("routed.")) {
                    yield "Routed to " + metric.substring("routed.".length());
                }
                yield metric;
            }
        };
    }

    static String value(Difference d, double v) {
        return switch (d.unit()) {
            case COUNT -> String.format(Locale.ROOT, "%,d", Math.round(v));
            case SHARE -> String.format(Locale.ROOT, "%.1f%%", 100 * v);
            case USD -> Money.usd(v);
            case MS -> ms(v, "");
        };
    }

    static String change(Difference d) {
        double x = d.delta();
        return switch (d.unit()) {
            case COUNT -> String.format(Locale.ROOT, "%+,d", Math.round(x));
            case SHARE -> String.format(Locale.ROOT, "%+.1f pp", 100 * x);
            case USD -> (x < 0 ? "-" : "+") + Money.usd(Math.abs(x));
            case MS -> ms(x, "+");
        };
    }

    /** Below a millisecond (an instant simulator's engine time) three decimals, else one: the change stays visible. */
    private static String ms(double v, String sign) {
        return String.format(Locale.ROOT, "%" + sign + (Math.abs(v) < 1 ? ",.3f" : ",.1f") + " ms", v);
    }

    /** One line above the table: how many figures got better and worse. */
    public static String summary(WhatIfResult r) {
        long better = 0;
        long worse = 0;
        for (Difference d : r.differences()) {
            Verdict v = verdict(d);
            better += v == Verdict.BETTER ? 1 : 0;
            worse += v == Verdict.WORSE ? 1 : 0;
        }
        String head = String.format(Locale.ROOT, "%,d requests through both engines in %.1f s%s: ", r.requests(),
                r.wallSeconds(), r.cancelled() ? " (cancelled: the figures cover what was sent)" : "");
        if (better == 0 && worse == 0) {
            return head + "the draft changes none of these figures.";
        }
        return head + better + (better == 1 ? " figure" : " figures") + " better, " + worse + " worse with the draft.";
    }
}
