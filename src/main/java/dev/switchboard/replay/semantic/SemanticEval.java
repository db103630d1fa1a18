package dev.switchboard.replay.semantic;

import dev.switchboard.engine.cache.semantic.AcceptanceRule;
import dev.switchboard.engine.cache.semantic.Calibration;
import dev.switchboard.engine.cache.semantic.Embedder;
import dev.switchboard.engine.cache.semantic.Lookup;
import dev.switchboard.engine.cache.semantic.Probe;
import dev.switchboard.engine.cache.semantic.SemanticEntry;
import dev.switchboard.engine.cache.semantic.SemanticIndex;
import dev.switchboard.engine.cache.semantic.SemanticSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Measures the semantic cache on labelled pairs: every distinct {@code a} is stored as a cached prompt in a fresh
 * {@link SemanticIndex}, then every {@code b} is looked up through the same search and {@link AcceptanceRule} the
 * engine uses. Texts joined by pairs labelled duplicate (and identical texts) form a group; a lookup answered by an
 * entry of its own group is a true hit, by another group's a false hit.
 *
 * <p>{@link #prepare} embeds and searches once; {@link #evaluate} then applies any rule to the same searches, so a
 * sweep over thresholds costs no more embedding.
 */
public final class SemanticEval {
    /** The true-hit rate at which rules are compared (the operating point). */
    public static final double TARGET_TRUE_HIT = 0.35;

    private SemanticEval() {
    }

    /** What one run measured, before any rule is applied. */
    public static final class Prepared {
        final List<Pairs.Pair> pairs;
        final Probe[] probes;
        final boolean[] own;
        final long[] lookupNanos;
        final long[] embedNanos;
        final long duplicates;
        final int entries;
        final long indexBytes;
        final boolean indexed;

        Prepared(List<Pairs.Pair> pairs, Probe[] probes, boolean[] own, long[] lookupNanos, long[] embedNanos,
                 int entries, long indexBytes, boolean indexed) {
            this.pairs = pairs;
            this.probes = probes;
            this.own = own;
            this.lookupNanos = lookupNanos;
            this.embedNanos = embedNanos;
            this.duplicates = pairs.stream().filter(Pairs.Pair::duplicate).count();
            this.entries = entries;
            this.indexBytes = indexBytes;
            this.indexed = indexed;
        }

        public int entries() {
            return entries;
        }

        public long indexBytes() {
            return indexBytes;
        }

        /** Whether the index searched its graph (the entries reached the brute-force limit) rather than scanning. */
        public boolean indexed() {
            return indexed;
        }
    }

    /** Outcome counts for a set of lookups. */
    public record Counts(long hitOwn, long hitOther, long miss) {
        public long answered() {
            return hitOwn + hitOther;
        }
    }

    /** Latency percentiles in milliseconds. */
    public record Latency(double embedP50, double embedP99, double lookupP50, double lookupP99) {
    }

    /** One rule's figures on the pairs. */
    public record Result(String rule, double threshold, int pairs, long duplicates, Counts all, Counts duplicate,
                         Counts notDuplicate, double trueHitRate, double falseHitRate, Map<String, Long> refusals,
                         Latency latency) {
    }

    /** A rule at the threshold where it first reaches a true-hit rate. */
    public record Point(String name, double threshold, double trueHitRate, double falseHitRate, long answered) {
    }

    /**
     * Embeds every text (on {@code threads} threads), stores the {@code a}s and searches every {@code b}.
     *
     * @param progress told of progress now and then (a line for stderr)
     */
    public static Prepared prepare(List<Pairs.Pair> pairs, Embedder embedder, SemanticSettings settings, int threads,
                                   Consumer<String> progress) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (Pairs.Pair p : pairs) {
            ids.putIfAbsent(p.a(), ids.size());
            ids.putIfAbsent(p.b(), ids.size());
        }
        List<String> texts = new ArrayList<>(ids.keySet());
        int[] parent = new int[texts.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (Pairs.Pair p : pairs) {
            if (p.duplicate()) {
                union(parent, ids.get(p.a()), ids.get(p.b()));
            }
        }
        float[][] vectors = new float[texts.size()][];
        long[] embedNanos = embedAll(texts, embedder, vectors, threads, progress);

        SemanticIndex index = new SemanticIndex(settings);
        String partition = "eval/" + embedder.id();
        Map<Long, Integer> groupOfEntry = new HashMap<>();
        java.util.Set<Integer> stored = new java.util.HashSet<>();
        for (Pairs.Pair p : pairs) {
            int id = ids.get(p.a());
            if (stored.add(id)) {
                index.put(new SemanticEntry(id, partition, p.a(), vectors[id], "eval:" + id, 0, Long.MAX_VALUE));
                groupOfEntry.put((long) id, find(parent, id));
            }
        }
        progress.accept("stored " + stored.size() + " distinct prompts; looking up " + pairs.size());
        Probe[] probes = new Probe[pairs.size()];
        boolean[] own = new boolean[pairs.size()];
        long[] lookupNanos = new long[pairs.size()];
        AcceptanceRule rule = index.rule();
        long lastReport = System.nanoTime();
        for (int i = 0; i < pairs.size(); i++) {
            Pairs.Pair p = pairs.get(i);
            int b = ids.get(p.b());
            long t0 = System.nanoTime();
            Probe probe = index.probe(partition, p.b(), vectors[b], 1);
            rule.decide(probe);
            lookupNanos[i] = System.nanoTime() - t0;
            probes[i] = probe;
            own[i] = probe.candidate() != null && groupOfEntry.get(probe.candidate().id()) == find(parent, b);
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                lastReport = System.nanoTime();
                progress.accept(String.format(java.util.Locale.ROOT, "looked up %d/%d", i + 1, pairs.size()));
            }
        }
        return new Prepared(pairs, probes, own, lookupNanos, embedNanos, stored.size(), index.approxBytes(),
                index.indexed(partition));
    }

    private static long[] embedAll(List<String> texts, Embedder embedder, float[][] out, int threads,
                                   Consumer<String> progress) {
        long[] nanos = new long[texts.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "semantic-eval-embed");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < texts.size()) {
                        long t0 = System.nanoTime();
                        out[i] = embedder.embed(texts.get(i));
                        nanos[i] = System.nanoTime() - t0;
                        done.incrementAndGet();
                    }
                }));
            }
            long start = System.nanoTime();
            int lastPct = -1;
            for (Future<?> f : fs) {
                while (true) {
                    try {
                        f.get(2, java.util.concurrent.TimeUnit.SECONDS);
                        break;
                    } catch (java.util.concurrent.TimeoutException e) {
                        int pct = (int) (100L * done.get() / Math.max(1, texts.size()));
                        if (pct / 10 != lastPct / 10) {
                            lastPct = pct;
                            double s = (System.nanoTime() - start) / 1e9;
                            progress.accept(String.format(java.util.Locale.ROOT, "embedded %d/%d texts (%d%%, %.0f s)",
                                    done.get(), texts.size(), pct, s));
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
        progress.accept("embedded " + texts.size() + " texts");
        return nanos;
    }

    /** Applies {@code rule} to the prepared searches. */
    public static Result evaluate(Prepared p, AcceptanceRule rule, String name) {
        long[][] c = new long[2][3]; // [duplicate?][own, other, miss]
        Map<String, Long> refusals = new TreeMap<>();
        for (int i = 0; i < p.probes.length; i++) {
            Lookup l = rule.decide(p.probes[i]);
            int label = p.pairs.get(i).duplicate() ? 1 : 0;
            if (l.hit()) {
                c[label][p.own[i] ? 0 : 1]++;
            } else {
                c[label][2]++;
                if (l.reason() != null) {
                    refusals.merge(l.reason(), 1L, Long::sum);
                }
            }
        }
        Counts dup = new Counts(c[1][0], c[1][1], c[1][2]);
        Counts non = new Counts(c[0][0], c[0][1], c[0][2]);
        Counts all = new Counts(dup.hitOwn() + non.hitOwn(), dup.hitOther() + non.hitOther(), dup.miss() + non.miss());
        double trueRate = p.duplicates == 0 ? 0 : (double) dup.hitOwn() / p.duplicates;
        double falseRate = all.answered() == 0 ? 0 : (double) all.hitOther() / all.answered();
        return new Result(name, rule.threshold(), p.pairs.size(), p.duplicates, all, dup, non, trueRate, falseRate,
                refusals, latency(p));
    }

    /** The static baseline: cosine similarity against a fixed threshold, no margin, no checks. */
    public static SemanticSettings staticRule(SemanticSettings s, double threshold) {
        return s.withThreshold(threshold).withMargin(s.margin(), 0).withChecks(Set.of());
    }

    /**
     * The most demanding threshold at which {@code settings}' rule (its margin and checks) answers at least
     * {@code target} of the duplicates correctly, and its false-hit rate there.
     */
    public static Point atTrueHit(Prepared p, SemanticSettings settings, double target, String name) {
        AcceptanceRule probeRule = new AcceptanceRule(settings.withThreshold(-1.0));
        int n = p.probes.length;
        double[] score = new double[n];
        boolean[] answerable = new boolean[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            Probe pr = p.probes[i];
            answerable[i] = probeRule.decide(pr).hit(); // threshold -1: only the floor and the checks decide
            score[i] = probeRule.score(pr);
        }
        Arrays.sort(order, (x, y) -> Double.compare(score[y], score[x]));
        long own = 0;
        long ownAny = 0;
        long other = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (!answerable[i]) {
                continue;
            }
            if (p.own[i]) {
                ownAny++;
                own += p.pairs.get(i).duplicate() ? 1 : 0;
            } else {
                other++;
            }
            long answered = other + ownAny;
            if (p.duplicates > 0 && (double) own / p.duplicates >= target) {
                return new Point(name, score[i], (double) own / p.duplicates, (double) other / answered, answered);
            }
        }
        return new Point(name, Double.NaN, (double) own / Math.max(1, p.duplicates), Double.NaN, 0);
    }

    /** What each part of the rule adds, each compared at {@link #TARGET_TRUE_HIT}. */
    public static List<Point> parts(Prepared p, SemanticSettings s) {
        List<Point> out = new ArrayList<>();
        out.add(atTrueHit(p, staticRule(s, 0), TARGET_TRUE_HIT, "static cosine"));
        out.add(atTrueHit(p, s.withChecks(Set.of()), TARGET_TRUE_HIT, "margin only"));
        SemanticSettings noMargin = s.withMargin(s.margin(), 0);
        for (String c : dev.switchboard.engine.cache.semantic.Verifier.CHECKS) {
            out.add(atTrueHit(p, noMargin.withChecks(Set.of(c)), TARGET_TRUE_HIT, "check " + c + " only"));
        }
        out.add(atTrueHit(p, s, TARGET_TRUE_HIT, "configured rule"));
        for (String c : s.orderedChecks()) {
            Set<String> without = new java.util.HashSet<>(s.checks());
            without.remove(c);
            out.add(atTrueHit(p, s.withChecks(without), TARGET_TRUE_HIT, "rule without " + c));
        }
        for (String c : dev.switchboard.engine.cache.semantic.Verifier.CHECKS) {
            if (!s.checks().contains(c)) {
                Set<String> with = new java.util.HashSet<>(s.checks());
                with.add(c);
                out.add(atTrueHit(p, s.withChecks(with), TARGET_TRUE_HIT, "rule with " + c));
            }
        }
        out.add(atTrueHit(p, noMargin, TARGET_TRUE_HIT, "rule without margin"));
        return out;
    }

    /** A calibration table for {@code s}' rule (its margin and checks) from these pairs. */
    public static Calibration calibrate(Prepared p, SemanticSettings s, List<String> comments) {
        AcceptanceRule probeRule = new AcceptanceRule(s.withThreshold(-1.0));
        List<Double> scores = new ArrayList<>();
        List<Boolean> wrong = new ArrayList<>();
        List<Boolean> right = new ArrayList<>();
        for (int i = 0; i < p.probes.length; i++) {
            if (!probeRule.decide(p.probes[i]).hit()) {
                continue;
            }
            scores.add(probeRule.score(p.probes[i]));
            wrong.add(!p.own[i]);
            right.add(p.own[i] && p.pairs.get(i).duplicate());
        }
        double[] sc = scores.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] w = new boolean[sc.length];
        boolean[] r = new boolean[sc.length];
        for (int i = 0; i < sc.length; i++) {
            w[i] = wrong.get(i);
            r[i] = right.get(i);
        }
        return Calibration.build(sc, w, r, p.duplicates, Math.max(0.5, s.floor()), 0.0025, comments);
    }

    private static Latency latency(Prepared p) {
        return new Latency(pct(p.embedNanos, 0.50), pct(p.embedNanos, 0.99), pct(p.lookupNanos, 0.50),
                pct(p.lookupNanos, 0.99));
    }

    private static double pct(long[] nanos, double q) {
        if (nanos.length == 0) {
            return 0;
        }
        long[] s = nanos.clone();
        Arrays.sort(s);
        int i = (int) Math.min(s.length - 1, Math.ceil(q * s.length) - 1);
        return s[Math.max(0, i)] / 1e6;
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, a)] = find(parent, b);
    }
}
