package dev.switchboard.console.routing;

import dev.switchboard.console.Money;
import dev.switchboard.engine.route.CascadeRoute;
import dev.switchboard.engine.route.Route;
import dev.switchboard.engine.route.RoutingSettings;
import dev.switchboard.engine.routing.RoutingSnapshot;
import dev.switchboard.engine.routing.RoutingSnapshot.Arm;
import dev.switchboard.engine.routing.RoutingSnapshot.RouteRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The routing snapshot in the console's words, free of JavaFX: the list of routes (the config's, with their counts),
 * the saving against the premium model, the share each model answered (for the dashboard's tile), a cascade's
 * answers per stage, a vote's counts and an experiment's two arms side by side.
 */
public final class RouteFigures {
    /** One route in the list: the config's routes in its order, then any the snapshot still counts. */
    public record Line(String name, String kind, long requests, long failures, double costUsd, boolean configured) {
    }

    /** A model's share of the routed answers; {@code model} "other" sums those past the first few. */
    public record Share(String model, long answers, double share) {
    }

    /**
     * One row of the arms' comparison.
     *
     * @param better -1 when a's value is the better, 1 when b's, 0 when neither (equal, no data, or no better)
     */
    public record ArmRow(String metric, String a, String b, int better) {
    }

    private RouteFigures() {
    }

    public static List<Line> lines(RoutingSettings cfg, RoutingSnapshot s) {
        Map<String, RouteRow> counted = new LinkedHashMap<>();
        s.routes().forEach(r -> counted.put(r.name(), r));
        List<Line> out = new ArrayList<>();
        for (Route r : cfg.routes().values()) {
            RouteRow c = counted.remove(r.name());
            out.add(c == null ? new Line(r.name(), r.kind(), 0, 0, 0, true)
                    : new Line(r.name(), r.kind(), c.requests(), c.failures(), c.costUsd(), true));
        }
        // Routes removed from the config since: their counts stay until the engine restarts.
        counted.values().forEach(c -> out.add(new Line(c.name(), c.kind(), c.requests(), c.failures(), c.costUsd(),
                false)));
        return out;
    }

    public static RouteRow row(RoutingSnapshot s, String route) {
        return s.routes().stream().filter(r -> r.name().equals(route)).findFirst().orElse(null);
    }

    /** The saving so far: "saved 62% ($0.0123) against gpt-4o"; null before any paid routed answer. */
    public static String saving(RoutingSnapshot s) {
        if (s.premium() == null || s.premiumCostUsd() <= 0) {
            return null;
        }
        double usd = s.premiumCostUsd() - s.costUsd();
        return usd >= 0
                ? String.format(Locale.ROOT, "saved %s (%s) against %s", percent(s.savingShare()), Money.usd(usd),
                        s.premium())
                : String.format(Locale.ROOT, "%s (%s) more than %s", percent(-s.savingShare()), Money.usd(-usd),
                        s.premium());
    }

    /** The Routing tab's premium line: the model savings are measured against, and the saving so far. */
    public static String premium(RoutingSnapshot s, boolean anyRoutes) {
        if (!anyRoutes && s.requests() == 0) {
            return "No routes configured: add them under routing: in the config file.";
        }
        if (s.premium() == null) {
            return "No premium model: price a model or set routing.premium to measure the saving.";
        }
        String head = "Premium model " + s.premium() + " · ";
        if (s.premiumCostUsd() <= 0) {
            return head + (s.requests() == 0 ? "no routed requests yet" : "no paid routed answer yet");
        }
        double usd = s.premiumCostUsd() - s.costUsd();
        String of = String.format(Locale.ROOT, "%s of %s", Money.usd(Math.abs(usd)), Money.usd(s.premiumCostUsd()));
        return head + (usd >= 0 ? "saved " + percent(s.savingShare()) + " (" + of + ")"
                : "cost " + percent(-s.savingShare()) + " more (" + of + ")")
                + String.format(Locale.ROOT, " over %,d routed %s", s.requests(),
                s.requests() == 1 ? "request" : "requests");
    }

    /** The answers per model, largest first; past {@code max - 1} models the rest are one "other" share. */
    public static List<Share> shares(RoutingSnapshot s, int max) {
        long total = s.models().values().stream().mapToLong(Long::longValue).sum();
        List<Map.Entry<String, Long>> sorted = s.models().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .toList();
        List<Share> out = new ArrayList<>();
        long rest = 0;
        for (int i = 0; i < sorted.size(); i++) {
            long n = sorted.get(i).getValue();
            if (sorted.size() <= max || i < max - 1) {
                out.add(new Share(sorted.get(i).getKey(), n, total == 0 ? 0 : (double) n / total));
            } else {
                rest += n;
            }
        }
        if (rest > 0) {
            out.add(new Share("other", rest, (double) rest / total));
        }
        return out;
    }

    /** "1 gpt-4o-mini: 812 (81%) · 2 gpt-4o: 188 (19%)"; the stages from the config, the counts from the snapshot. */
    public static String stages(CascadeRoute c, RouteRow r) {
        List<Long> by = r == null ? List.of() : r.byStage();
        long total = by.stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return "No answers yet.";
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < c.stages().size(); i++) {
            long n = i < by.size() ? by.get(i) : 0;
            parts.add(String.format(Locale.ROOT, "%d %s: %,d (%s)", i + 1, c.stages().get(i), n,
                    percent((double) n / total)));
        }
        return "Answered by stage: " + String.join(" · ", parts);
    }

    /** A vote's counts, in the order the tab shows them: requests, votes cast, votes per request, stopped early. */
    public static List<String> votes(RouteRow r) {
        if (r == null || r.requests() == 0) {
            return List.of("0", "0", "–", "–");
        }
        return List.of(String.format(Locale.ROOT, "%,d", r.requests()),
                String.format(Locale.ROOT, "%,d", r.votesCast()),
                String.format(Locale.ROOT, "%.2f", (double) r.votesCast() / r.requests()),
                percent((double) r.stoppedEarly() / r.requests()));
    }

    /** The two arms side by side, each row's better value marked (none for the request counts). */
    public static List<ArmRow> compare(Arm a, Arm b) {
        List<ArmRow> out = new ArrayList<>();
        out.add(new ArmRow("Requests", count(a.requests()), count(b.requests()), 0));
        boolean both = a.requests() + a.errors() > 0 && b.requests() + b.errors() > 0;
        out.add(new ArmRow("Error rate", rate(a.requests() + a.errors(), a.errorRate()),
                rate(b.requests() + b.errors(), b.errorRate()), both ? lower(a.errorRate(), b.errorRate()) : 0));
        boolean parsed = !Double.isNaN(a.parseRate()) && !Double.isNaN(b.parseRate());
        out.add(new ArmRow("Parse success", Double.isNaN(a.parseRate()) ? "–" : percent(a.parseRate()),
                Double.isNaN(b.parseRate()) ? "–" : percent(b.parseRate()),
                parsed ? -lower(a.parseRate(), b.parseRate()) : 0));
        boolean answered = a.requests() > 0 && b.requests() > 0;
        out.add(new ArmRow("Mean latency ms", a.requests() == 0 ? "–" : ms(a.meanLatencyMs()),
                b.requests() == 0 ? "–" : ms(b.meanLatencyMs()),
                answered ? lower(a.meanLatencyMs(), b.meanLatencyMs()) : 0));
        out.add(new ArmRow("Mean cost USD", a.requests() == 0 ? "–" : Money.usd(a.meanCostUsd()),
                b.requests() == 0 ? "–" : Money.usd(b.meanCostUsd()),
                answered ? lower(a.meanCostUsd(), b.meanCostUsd()) : 0));
        return out;
    }

    private static int lower(double a, double b) {
        return a < b ? -1 : b < a ? 1 : 0;
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String rate(long n, double r) {
        return n == 0 ? "–" : percent(r);
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%,.0f", v);
    }

    /** Whole percent, one decimal under 10% (so 0.4% is not read as none), and never "100%" for almost all. */
    public static String percent(double share) {
        if (Double.isNaN(share)) {
            return "–";
        }
        double p = 100 * share;
        if (share < 1 && p >= 99.5) {
            return String.format(Locale.ROOT, "%.1f%%", Math.floor(p * 10) / 10);
        }
        return p >= 10 || p == 0 ? String.format(Locale.ROOT, "%.0f%%", p) : String.format(Locale.ROOT, "%.1f%%", p);
    }
}
