package dev.switchboard.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.telemetry.LatencySummary;
import dev.switchboard.workload.WorkloadProblem;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a replay did. {@code misses} counts requests that looked in the cache and found nothing (refused before the
 * lookup, by validation or the user's plan, they are not counted); {@code falseHits} counts hits on an entry written for a different intent;
 * {@code unattributedHits} counts hits on entries this run did not write (a warm L2/L3 from before).
 * {@code rateLimited} counts refusals by reason; {@code queued} the requests that waited for an upstream slot.
 * {@code parse} counts what the parse chain did with answers that were expected to be structured. {@code quality}
 * scores the answers by the simulator's quality model ({@code simulated.quality}); null without one.
 */
public record ReplayReport(String workload, long requests, Map<ServedBy, Long> served, long misses,
                           long providerCalls, long upstreamViolations, long falseHits, long unattributedHits,
                           Map<String, Long> failed, Map<String, Long> rateLimited, long queued,
                           double maxQueueWaitMs, Resilience resilience, double costUsd, double costSavedUsd,
                           Map<ServedBy, LatencySummary> latency, double wallSeconds,
                           List<WorkloadProblem> skippedLines, Parse parse, Guards guards, double cpuSeconds,
                           Quality quality) {

    /** Without a quality model's scores. */
    public ReplayReport(String workload, long requests, Map<ServedBy, Long> served, long misses,
                        long providerCalls, long upstreamViolations, long falseHits, long unattributedHits,
                        Map<String, Long> failed, Map<String, Long> rateLimited, long queued,
                        double maxQueueWaitMs, Resilience resilience, double costUsd, double costSavedUsd,
                        Map<ServedBy, LatencySummary> latency, double wallSeconds,
                        List<WorkloadProblem> skippedLines, Parse parse, Guards guards, double cpuSeconds) {
        this(workload, requests, served, misses, providerCalls, upstreamViolations, falseHits, unattributedHits,
                failed, rateLimited, queued, maxQueueWaitMs, resilience, costUsd, costSavedUsd, latency, wallSeconds,
                skippedLines, parse, guards, cpuSeconds, null);
    }

    /**
     * Answers scored by the simulator's quality model: right when they carry the prompt's oracle code (or label).
     *
     * @param scored       answered requests whose answer carried a code or label (a refusal, an answer no quality
     *                     model marked, carries none)
     * @param byModel      by the model that answered ({@code ChatResult.model})
     * @param byTask       by the workload line's {@code task} label
     * @param byComplexity by the workload line's {@code complexity} label
     */
    public record Quality(long scored, long correct, Map<String, Score> byModel, Map<String, Score> byTask,
                          Map<String, Score> byComplexity) {
        public Quality {
            byModel = Map.copyOf(byModel);
            byTask = Map.copyOf(byTask);
            byComplexity = Map.copyOf(byComplexity);
        }

        /** The share of scored answers that are right (0 with none scored). */
        public double accuracy() {
            return scored == 0 ? 0 : (double) correct / scored;
        }
    }

    /** Answered requests, those scored, those right, and what they cost. */
    public record Score(long requests, long scored, long correct, double costUsd) {
        public double accuracy() {
            return scored == 0 ? 0 : (double) correct / scored;
        }
    }

    /** What the guards did during the run: texts checked, and verdicts by what was done. */
    public record Guards(long checks, long blocked, long redacted, long flagged) {
        public static final Guards NONE = new Guards(0, 0, 0, 0);
    }

    /**
     * The parse chain over the run's structured answers.
     *
     * @param answers    answers expected to be structured (a response_format, or the namespace's schema)
     * @param parsed     those the chain turned into a valid value
     * @param byStrategy strategy id -> answers it parsed ({@code strict_json}, ..., {@code reprompt})
     * @param reprompts  answers that needed at least one re-prompt
     * @param failed     answers no strategy could parse (failed with parse_failed, or returned raw)
     */
    public record Parse(long answers, long parsed, Map<String, Long> byStrategy, long reprompts, long failed) {
        public static final Parse NONE = new Parse(0, 0, Map.of(), 0, 0);

        public Parse {
            byStrategy = Map.copyOf(byStrategy);
        }
    }

    /**
     * What resilience did during the run.
     *
     * @param retried        provider calls retried
     * @param fellBack       requests a fallback model answered
     * @param coalesced      requests answered by an identical request's call
     * @param staleServed    requests answered with an expired cached answer because no model could answer
     * @param maxRequestMs   the longest any request took, failures included (checks the deadline)
     */
    public record Resilience(long retried, long fellBack, long coalesced, long staleServed, long breakerTransitions,
                             double failoverP99Ms, double maxRequestMs) {
    }

    /** Cache hits, exact and semantic. */
    public long hits() {
        return exactHits() + served.getOrDefault(ServedBy.SEMANTIC, 0L);
    }

    public long exactHits() {
        return served.getOrDefault(ServedBy.L1, 0L) + served.getOrDefault(ServedBy.L2, 0L)
                + served.getOrDefault(ServedBy.L3, 0L);
    }

    public double hitRate() {
        return requests == 0 ? 0 : (double) hits() / requests;
    }

    public double throughputRps() {
        return wallSeconds <= 0 ? 0 : requests / wallSeconds;
    }

    public String toJson() {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode o = m.createObjectNode();
        o.put("workload", workload);
        o.put("requests", requests);
        ObjectNode h = o.putObject("hits");
        h.put("l1", served.getOrDefault(ServedBy.L1, 0L));
        h.put("l2", served.getOrDefault(ServedBy.L2, 0L));
        h.put("l3", served.getOrDefault(ServedBy.L3, 0L));
        h.put("semantic", served.getOrDefault(ServedBy.SEMANTIC, 0L));
        o.put("misses", misses);
        o.put("hit_rate", round(hitRate(), 4));
        o.put("provider_calls", providerCalls);
        o.put("upstream_violations", upstreamViolations);
        o.put("false_hits", falseHits);
        o.put("unattributed_hits", unattributedHits);
        ObjectNode f = o.putObject("failed");
        failed.forEach(f::put);
        ObjectNode rl = o.putObject("rate_limited");
        rateLimited.forEach(rl::put);
        o.put("queued", queued);
        o.put("max_queue_wait_ms", round(maxQueueWaitMs, 3));
        o.put("answered", requests - failed.values().stream().mapToLong(Long::longValue).sum());
        o.put("retried", resilience.retried());
        o.put("fell_back", resilience.fellBack());
        o.put("coalesced", resilience.coalesced());
        o.put("stale_served", resilience.staleServed());
        o.put("breaker_transitions", resilience.breakerTransitions());
        o.put("failover_ms_p99", round(resilience.failoverP99Ms(), 4));
        o.put("max_request_ms", round(resilience.maxRequestMs(), 3));
        ObjectNode p = o.putObject("parse");
        p.put("answers", parse.answers());
        p.put("parsed", parse.parsed());
        ObjectNode bs = p.putObject("by_strategy");
        new java.util.TreeMap<>(parse.byStrategy()).forEach(bs::put);
        p.put("reprompts", parse.reprompts());
        p.put("failed", parse.failed());
        ObjectNode g = o.putObject("guards");
        g.put("checks", guards.checks());
        g.put("blocked", guards.blocked());
        g.put("redacted", guards.redacted());
        g.put("flagged", guards.flagged());
        o.put("cost_usd", round(costUsd, 6));
        o.put("cost_saved_usd", round(costSavedUsd, 6));
        if (quality != null) {
            o.put("accuracy", round(quality.accuracy(), 4));
            o.put("scored", quality.scored());
            o.put("correct", quality.correct());
            ObjectNode bm = o.putObject("by_model");
            new java.util.TreeMap<>(quality.byModel()).forEach((k, s) -> score(bm.putObject(k), s)
                    .put("cost_usd", round(s.costUsd(), 6)));
            ObjectNode bt = o.putObject("accuracy_by_task");
            new java.util.TreeMap<>(quality.byTask()).forEach((k, s) -> score(bt.putObject(k), s));
            ObjectNode bc = o.putObject("accuracy_by_complexity");
            new java.util.TreeMap<>(quality.byComplexity()).forEach((k, s) -> score(bc.putObject(k), s));
        }
        ObjectNode lat = o.putObject("latency_ms");
        latency.forEach((by, s) -> {
            if (s.count() > 0) {
                ObjectNode l = lat.putObject(by.name().toLowerCase(Locale.ROOT));
                l.put("count", s.count());
                l.put("p50", round(s.p50(), 4));
                l.put("p95", round(s.p95(), 4));
                l.put("p99", round(s.p99(), 4));
                l.put("max", round(s.max(), 4));
            }
        });
        o.put("wall_s", round(wallSeconds, 3));
        o.put("throughput_rps", round(throughputRps(), 1));
        if (cpuSeconds > 0) {
            o.put("cpu_s", round(cpuSeconds, 3));
            o.put("cpu_us_per_request", round(cpuSeconds * 1e6 / Math.max(1, requests), 2));
        }
        o.put("skipped_lines", skippedLines.size());
        try {
            return m.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Replay of %s%n", workload));
        row(sb, "requests", String.format(Locale.ROOT, "%,d in %.2f s (%,.0f req/s)", requests, wallSeconds,
                throughputRps()));
        row(sb, "hits", String.format(Locale.ROOT, "%,d (%.2f%%): L1 %,d  L2 %,d  L3 %,d  semantic %,d", hits(),
                100 * hitRate(), served.getOrDefault(ServedBy.L1, 0L), served.getOrDefault(ServedBy.L2, 0L),
                served.getOrDefault(ServedBy.L3, 0L), served.getOrDefault(ServedBy.SEMANTIC, 0L)));
        row(sb, "misses", String.format(Locale.ROOT, "%,d", misses));
        row(sb, "provider calls", String.format(Locale.ROOT, "%,d", providerCalls));
        row(sb, "upstream violations", String.format(Locale.ROOT, "%,d", upstreamViolations));
        row(sb, "false hits", String.format(Locale.ROOT, "%,d", falseHits)
                + (unattributedHits > 0 ? String.format(Locale.ROOT, " (%,d hits on entries from earlier runs)",
                unattributedHits) : ""));
        row(sb, "failed", failed.isEmpty() ? "0" : failed.toString());
        row(sb, "resilience", String.format(Locale.ROOT,
                "%,d retried, %,d fell back, %,d coalesced, %,d stale, %,d breaker transitions",
                resilience.retried(), resilience.fellBack(), resilience.coalesced(), resilience.staleServed(),
                resilience.breakerTransitions()));
        row(sb, "slowest request", String.format(Locale.ROOT, "%.1f ms", resilience.maxRequestMs()));
        if (!rateLimited.isEmpty() || queued > 0) {
            row(sb, "rate limited", rateLimited.isEmpty() ? "0" : rateLimited.toString());
            row(sb, "queued", String.format(Locale.ROOT, "%,d (longest wait %.1f ms)", queued, maxQueueWaitMs));
        }
        if (parse.answers() > 0) {
            row(sb, "parse", String.format(Locale.ROOT, "%,d of %,d structured answers parsed (%.2f%%), %,d re-prompted,"
                    + " %,d failed; by strategy %s", parse.parsed(), parse.answers(),
                    100.0 * parse.parsed() / parse.answers(), parse.reprompts(), parse.failed(),
                    new java.util.TreeMap<>(parse.byStrategy())));
        }
        if (guards.blocked() + guards.redacted() + guards.flagged() > 0) {
            row(sb, "guards", String.format(Locale.ROOT, "%,d blocked, %,d redacted, %,d flagged (%,d texts checked)",
                    guards.blocked(), guards.redacted(), guards.flagged(), guards.checks()));
        }
        row(sb, "cost", String.format(Locale.ROOT, "$%.4f spent, $%.4f saved by the cache", costUsd, costSavedUsd));
        if (quality != null) {
            row(sb, "accuracy", String.format(Locale.ROOT, "%.2f%% (%,d correct of %,d scored)",
                    100 * quality.accuracy(), quality.correct(), quality.scored()));
            new java.util.TreeMap<>(quality.byModel()).forEach((k, s) -> row(sb, "  " + k, String.format(Locale.ROOT,
                    "%,d requests, %.2f%% correct (%,d of %,d scored), $%.4f", s.requests(), 100 * s.accuracy(),
                    s.correct(), s.scored(), s.costUsd())));
            if (!quality.byTask().isEmpty()) {
                StringBuilder t = new StringBuilder();
                new java.util.TreeMap<>(quality.byTask()).forEach((k, s) -> t.append(t.isEmpty() ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%s %.1f%%", k, 100 * s.accuracy())));
                row(sb, "accuracy by task", t.toString());
            }
        }
        sb.append(String.format(Locale.ROOT, "%n  %-10s %10s %10s %10s %10s %10s%n", "served by", "count", "p50 ms",
                "p95 ms", "p99 ms", "max ms"));
        latency.forEach((by, s) -> {
            if (s.count() > 0) {
                sb.append(String.format(Locale.ROOT, "  %-10s %,10d %10.3f %10.3f %10.3f %10.3f%n", by, s.count(), s.p50(),
                        s.p95(), s.p99(), s.max()));
            }
        });
        if (!skippedLines.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%nSkipped %d malformed line(s):%n", skippedLines.size()));
            skippedLines.stream().limit(20).forEach(p -> sb.append("  ").append(p).append('\n'));
            if (skippedLines.size() > 20) {
                sb.append("  ...\n");
            }
        }
        return sb.toString();
    }

    private static ObjectNode score(ObjectNode n, Score s) {
        return n.put("requests", s.requests()).put("scored", s.scored()).put("correct", s.correct())
                .put("accuracy", round(s.accuracy(), 4));
    }

    private static void row(StringBuilder sb, String label, String value) {
        sb.append(String.format(Locale.ROOT, "  %-20s %s%n", label, value));
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
