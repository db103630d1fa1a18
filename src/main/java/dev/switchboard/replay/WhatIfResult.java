package dev.switchboard.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * Two sandboxed engines' runs of one workload, current settings and proposed: both reports, a timeline on the
 * workload's clock, and the differences that matter, each with both values and the change.
 *
 * @param bucketMs  the timeline's step on the workload's clock (1 s unless the workload is long)
 * @param timeline  one point per step, from the workload's first request
 * @param notes     what each sandbox changed to be safe (the simulator for providers, stores of its own, ...)
 * @param cancelled the run was cancelled: the figures cover the requests sent until then
 */
public record WhatIfResult(String workload, long requests, ReplayReport current, ReplayReport proposed,
                           long bucketMs, List<Point> timeline, List<Difference> differences,
                           List<String> currentNotes, List<String> proposedNotes, boolean cancelled,
                           double wallSeconds) {
    public WhatIfResult {
        timeline = List.copyOf(timeline);
        differences = List.copyOf(differences);
        currentNotes = List.copyOf(currentNotes);
        proposedNotes = List.copyOf(proposedNotes);
    }

    /** What one engine did in one step of the timeline. */
    public record Figures(long requests, long hits, double costUsd, double p95Ms) {
    }

    /** One step: its start on the workload's clock (ms from the first request), and both engines' figures. */
    public record Point(long atMs, Figures current, Figures proposed) {
    }

    /** How a figure is read: a count, a share of the requests (0..1), dollars, milliseconds. */
    public enum Unit {
        COUNT, SHARE, USD, MS
    }

    /**
     * One figure under both settings.
     *
     * @param metric e.g. {@code hit_rate.l1}, {@code cost_usd}, {@code refused.plan_minute}, {@code failed.timed_out},
     *               {@code latency_ms.p95}, {@code routed.gpt-4o-mini}
     */
    public record Difference(String metric, Unit unit, double current, double proposed) {
        public double delta() {
            return proposed - current;
        }

        /**
         * Whether the figures differ by more than rounding; latencies by more than 5 % and 0.1 ms, which two runs of
         * the same settings differ by (the JIT, the machine's other work).
         */
        public boolean changed() {
            double d = Math.abs(delta());
            return switch (unit) {
                case COUNT -> d > 0.5;
                case SHARE -> d > 0.00005;
                case USD -> d > 0.0000005;
                case MS -> d > 0.1 && d > 0.05 * Math.max(Math.abs(current), Math.abs(proposed));
            };
        }
    }

    /** The difference named {@code metric}, or null. */
    public Difference difference(String metric) {
        for (Difference d : differences) {
            if (d.metric().equals(metric)) {
                return d;
            }
        }
        return null;
    }

    public String toJson() {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode o = m.createObjectNode();
        o.put("workload", workload);
        o.put("requests", requests);
        o.put("cancelled", cancelled);
        o.put("wall_s", round(wallSeconds, 3));
        ArrayNode diffs = o.putArray("differences");
        for (Difference d : differences) {
            ObjectNode n = diffs.addObject();
            n.put("metric", d.metric());
            n.put("unit", d.unit().name().toLowerCase(Locale.ROOT));
            n.put("current", round(d.current(), 6));
            n.put("proposed", round(d.proposed(), 6));
            n.put("delta", round(d.delta(), 6));
            n.put("changed", d.changed());
        }
        ObjectNode t = o.putObject("timeline");
        t.put("bucket_ms", bucketMs);
        ArrayNode points = t.putArray("points");
        for (Point p : timeline) {
            ObjectNode n = points.addObject();
            n.put("at_ms", p.atMs());
            figures(n.putObject("current"), p.current());
            figures(n.putObject("proposed"), p.proposed());
        }
        ObjectNode notes = o.putObject("sandbox");
        currentNotes.forEach(notes.putArray("current")::add);
        proposedNotes.forEach(notes.putArray("proposed")::add);
        try {
            o.set("current", m.readTree(current.toJson()));
            o.set("proposed", m.readTree(proposed.toJson()));
            return m.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void figures(ObjectNode n, Figures f) {
        n.put("requests", f.requests());
        n.put("hits", f.hits());
        n.put("cost_usd", round(f.costUsd(), 6));
        n.put("p95_ms", round(f.p95Ms(), 3));
    }

    /** The differences as a table, changed rows marked {@code *}; then what the sandboxes changed. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "What-if on %s: %,d requests through two sandboxed engines in %.2f s%s%n",
                workload, requests, wallSeconds, cancelled ? " (CANCELLED: partial figures)" : ""));
        sb.append(String.format(Locale.ROOT, "%n  %-28s %14s %14s %14s%n", "", "current", "proposed", "change"));
        for (Difference d : differences) {
            sb.append(String.format(Locale.ROOT, "%s %-28s %14s %14s %14s%n", d.changed() ? "*" : " ", d.metric(),
                    value(d.unit(), d.current()), value(d.unit(), d.proposed()), change(d)));
        }
        sb.append(String.format(Locale.ROOT, "%nTimeline: %,d points of %s on the workload's clock (with --json)%n",
                timeline.size(), bucketMs % 1000 == 0 ? bucketMs / 1000 + " s" : bucketMs + " ms"));
        notes(sb, "current", currentNotes);
        notes(sb, "proposed", proposedNotes);
        return sb.toString();
    }

    private static void notes(StringBuilder sb, String side, List<String> notes) {
        if (!notes.isEmpty()) {
            sb.append("Sandbox (").append(side).append("):\n");
            notes.forEach(n -> sb.append("  - ").append(n).append('\n'));
        }
    }

    static String value(Unit u, double v) {
        return switch (u) {
            case COUNT -> String.format(Locale.ROOT, "%,d", Math.round(v));
            case SHARE -> String.format(Locale.ROOT, "%.2f%%", 100 * v);
            case USD -> String.format(Locale.ROOT, "$%.4f", v);
            case MS -> String.format(Locale.ROOT, "%.3f ms", v);
        };
    }

    private static String change(Difference d) {
        double x = d.delta();
        return switch (d.unit()) {
            case COUNT -> String.format(Locale.ROOT, "%+,d", Math.round(x));
            case SHARE -> String.format(Locale.ROOT, "%+.2f pp", 100 * x);
            case USD -> String.format(Locale.ROOT, "%s$%.4f", x < 0 ? "-" : "+", Math.abs(x));
            case MS -> String.format(Locale.ROOT, "%+.3f ms", x);
        };
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
