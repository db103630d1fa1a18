package dev.switchboard.console.traffic;

import dev.switchboard.console.Money;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.telemetry.LatencySummary;
import dev.switchboard.replay.ReplayReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A replay's report as the Traffic tab's two tables, free of JavaFX: figures (a name and its value, the same
 * figures as {@code replay}'s text report, counts with separators and money as everywhere) and latency per
 * served-by. The text report stays what {@code replay} prints and what Copy puts on the clipboard.
 */
final class ReportRows {
    private ReportRows() {
    }

    record Figure(String name, String value) {
    }

    record Latency(String servedBy, String count, String p50, String p95, String p99, String max) {
    }

    static List<Figure> figures(ReplayReport r) {
        List<Figure> out = new ArrayList<>();
        out.add(new Figure("Requests", String.format(Locale.ROOT, "%,d in %.2f s (%,.0f req/s)", r.requests(),
                r.wallSeconds(), r.throughputRps())));
        out.add(new Figure("Hit rate", String.format(Locale.ROOT, "%.1f%% (%,d hits)", 100 * r.hitRate(), r.hits())));
        Map<ServedBy, Long> s = r.served();
        out.add(new Figure("Hits by tier", String.format(Locale.ROOT, "L1 %,d · L2 %,d · L3 %,d · semantic %,d",
                s.getOrDefault(ServedBy.L1, 0L), s.getOrDefault(ServedBy.L2, 0L), s.getOrDefault(ServedBy.L3, 0L),
                s.getOrDefault(ServedBy.SEMANTIC, 0L))));
        out.add(new Figure("Misses", count(r.misses())));
        out.add(new Figure("Provider calls", count(r.providerCalls())));
        out.add(new Figure("Spent", Money.usd(r.costUsd())));
        out.add(new Figure("Saved by the cache", Money.usd(r.costSavedUsd())));
        out.add(new Figure("Failed", r.failed().isEmpty() ? "0" : counts(r.failed())));
        out.add(new Figure("Upstream violations", count(r.upstreamViolations())));
        out.add(new Figure("False hits", count(r.falseHits()) + (r.unattributedHits() > 0
                ? String.format(Locale.ROOT, " (%,d hits on entries from earlier runs)", r.unattributedHits()) : "")));
        ReplayReport.Resilience res = r.resilience();
        out.add(new Figure("Retried, fell back", String.format(Locale.ROOT, "%,d retried · %,d fell back",
                res.retried(), res.fellBack())));
        out.add(new Figure("Shared calls, stale", String.format(Locale.ROOT, "%,d shared calls · %,d stale answers",
                res.coalesced(), res.staleServed())));
        out.add(new Figure("Breaker transitions", count(res.breakerTransitions())));
        out.add(new Figure("Slowest request", String.format(Locale.ROOT, "%,.1f ms", res.maxRequestMs())));
        if (!r.rateLimited().isEmpty() || r.queued() > 0) {
            out.add(new Figure("Rate limited", r.rateLimited().isEmpty() ? "0" : counts(r.rateLimited())));
            out.add(new Figure("Queued", String.format(Locale.ROOT, "%,d (longest wait %,.1f ms)", r.queued(),
                    r.maxQueueWaitMs())));
        }
        ReplayReport.Parse p = r.parse();
        if (p.answers() > 0) {
            out.add(new Figure("Parsed", String.format(Locale.ROOT, "%,d of %,d structured answers (%.1f%%), "
                    + "%,d re-prompted, %,d failed", p.parsed(), p.answers(), 100.0 * p.parsed() / p.answers(),
                    p.reprompts(), p.failed())));
        }
        ReplayReport.Guards g = r.guards();
        if (g.blocked() + g.redacted() + g.flagged() > 0) {
            out.add(new Figure("Guards", String.format(Locale.ROOT, "%,d blocked · %,d redacted · %,d flagged "
                    + "(%,d texts checked)", g.blocked(), g.redacted(), g.flagged(), g.checks())));
        }
        if (r.quality() != null) {
            out.add(new Figure("Accuracy", String.format(Locale.ROOT, "%.1f%% (%,d correct of %,d scored)",
                    100 * r.quality().accuracy(), r.quality().correct(), r.quality().scored())));
        }
        if (!r.skippedLines().isEmpty()) {
            out.add(new Figure("Skipped lines", String.format(Locale.ROOT, "%,d malformed; first: %s",
                    r.skippedLines().size(), r.skippedLines().getFirst())));
        }
        return out;
    }

    static List<Latency> latency(ReplayReport r) {
        List<Latency> out = new ArrayList<>();
        // In the order an answer is looked for, whatever the map's.
        for (ServedBy by : ServedBy.values()) {
            LatencySummary l = r.latency().get(by);
            if (l != null && l.count() > 0) {
                out.add(row(by, l));
            }
        }
        return out;
    }

    private static Latency row(ServedBy by, LatencySummary l) {
        String name = by == ServedBy.COALESCED ? "shared call"
                : by.name().length() > 2 ? by.name().toLowerCase(Locale.ROOT) : by.name();
        return new Latency(name, count(l.count()), ms(l.p50()), ms(l.p95()), ms(l.p99()), ms(l.max()));
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String counts(Map<String, Long> m) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(m).forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " · ").append(k).append(' ')
                .append(count(v)));
        return sb.toString();
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, v < 10 ? "%.3f" : "%,.1f", v);
    }
}
