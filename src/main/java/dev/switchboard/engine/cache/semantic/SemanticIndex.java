package dev.switchboard.engine.cache.semantic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The semantic cache's vector index: entries by partition, each partition scanned while small and searched through
 * a JVector graph once it reaches {@link SemanticSettings#bruteForceBelow()} entries. A lookup finds the nearest
 * live entries of the prompt's partition only (vectors of different partitions never meet), skips expired ones,
 * and lets the {@link AcceptanceRule} decide. Thread-safe for any number of readers and writers; survives
 * settings changes ({@link #settings(SemanticSettings)}).
 */
public final class SemanticIndex {
    /**
     * JVector says on java.util.logging, on every start, that the Vector API module is not readable ({@code java
     * -jar} cannot add it; the scalar path is what we measured): an operator would read that as a fault.
     */
    private static final java.util.logging.Logger JVECTOR = java.util.logging.Logger.getLogger("io.github.jbellis");

    static {
        JVECTOR.setLevel(java.util.logging.Level.SEVERE);
    }

    private final Map<String, Partition> partitions = new ConcurrentHashMap<>();
    /** id -> where it lives, so remove(id) needs no scan. */
    private final Map<Long, Location> byId = new ConcurrentHashMap<>();
    private volatile AcceptanceRule rule;

    private record Location(Partition partition, int ord) {
    }

    public SemanticIndex(SemanticSettings settings) {
        this.rule = new AcceptanceRule(settings);
    }

    /** Swaps in new settings; entries stay. @throws IllegalArgumentException as {@link AcceptanceRule} does */
    public void settings(SemanticSettings settings) {
        this.rule = new AcceptanceRule(settings);
    }

    public SemanticSettings settings() {
        return rule.settings();
    }

    public AcceptanceRule rule() {
        return rule;
    }

    /**
     * Adds an entry; an entry with the same id is replaced.
     *
     * @throws IllegalArgumentException when its vector's length differs from the partition's
     */
    public void put(SemanticEntry e) {
        Partition p = partitions.computeIfAbsent(e.partition(), name -> new Partition(name, e.vector().length));
        if (p.dimensions != e.vector().length) {
            throw new IllegalArgumentException("vector has " + e.vector().length + " dimensions, partition "
                    + e.partition() + " holds " + p.dimensions);
        }
        remove(e.id());
        int ord = p.put(e, rule.settings().bruteForceBelow());
        Location old = byId.put(e.id(), new Location(p, ord));
        if (old != null) {
            // a concurrent put of the same id won the race: keep the later one only
            old.partition().remove(old.ord());
        }
    }

    /** @return true if an entry with this id was removed */
    public boolean remove(long id) {
        Location at = byId.remove(id);
        return at != null && at.partition().remove(at.ord()) != null;
    }

    /**
     * Removes every entry the predicate accepts (invalidation by cache key, namespace, model version; a flush).
     *
     * @return how many were removed
     */
    public int removeIf(Predicate<SemanticEntry> which) {
        int n = 0;
        for (Partition p : partitions.values()) {
            for (Partition.Hit h : p.entries()) {
                if (which.test(h.entry()) && byId.remove(h.entry().id(), new Location(p, h.ord()))) {
                    if (p.remove(h.ord()) != null) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /** Searches and decides: the prompt's nearest live entry in its partition, and whether it may answer. */
    public Lookup lookup(String partition, String prompt, float[] vector, long nowMillis) {
        AcceptanceRule r = rule;
        return r.decide(probe(r, partition, prompt, vector, nowMillis));
    }

    /** Searches without deciding: what the rule would see ({@link AcceptanceRule#decide} it, with any rule). */
    public Probe probe(String partition, String prompt, float[] vector, long nowMillis) {
        return probe(rule, partition, prompt, vector, nowMillis);
    }

    private Probe probe(AcceptanceRule r, String partition, String prompt, float[] vector, long nowMillis) {
        Partition p = partitions.get(partition);
        if (p == null) {
            return Probe.empty(prompt);
        }
        SemanticSettings s = r.settings();
        List<Partition.Hit> near = p.nearest(vector, s.candidates(), nowMillis);
        return probe(prompt, near, s);
    }

    static Probe probe(String prompt, List<Partition.Hit> near, SemanticSettings s) {
        if (near.isEmpty()) {
            return Probe.empty(prompt);
        }
        Partition.Hit best = near.get(0);
        double runnerUp = 0;
        for (int i = 1; i < near.size(); i++) {
            Partition.Hit h = near.get(i);
            // a near copy of the best is the same question cached twice, not a rival meaning
            if (Vectors.dot(best.vector(), h.vector()) < s.nearCopy()) {
                runnerUp = h.similarity();
                break;
            }
        }
        double margin = near.size() == 1 ? 1 : best.similarity() - Math.max(0, runnerUp);
        List<String> failures = best.similarity() >= s.floor()
                ? Verifier.failures(Text.of(prompt), Text.of(best.entry().prompt())) : List.of();
        return new Probe(prompt, best.entry(), best.similarity(), margin, failures);
    }

    /** Exhaustive nearest entries, ignoring the graph (for tests and tools that check the graph's recall). */
    public List<SemanticEntry> nearestExact(String partition, float[] vector, int k, long nowMillis) {
        Partition p = partitions.get(partition);
        return p == null ? List.of() : p.scanAll(vector, k, nowMillis).stream().map(Partition.Hit::entry).toList();
    }

    /** Nearest entries as a lookup finds them (graph or scan, whichever the partition uses). */
    public List<SemanticEntry> nearest(String partition, float[] vector, int k, long nowMillis) {
        Partition p = partitions.get(partition);
        return p == null ? List.of() : p.nearest(vector, k, nowMillis).stream().map(Partition.Hit::entry).toList();
    }

    /** Whether {@code partition} is searched through its graph (it has reached the brute-force limit). */
    public boolean indexed(String partition) {
        Partition p = partitions.get(partition);
        return p != null && p.indexed();
    }

    /** Live entries (expired ones count until removed). */
    public int size() {
        int n = 0;
        for (Partition p : partitions.values()) {
            n += p.size();
        }
        return n;
    }

    /** Estimated heap held: vectors, entries, prompts and the graphs. */
    public long approxBytes() {
        long n = 0;
        for (Partition p : partitions.values()) {
            n += p.approxBytes();
        }
        return n;
    }

    /** Names of the partitions that hold entries. */
    public List<String> partitions() {
        List<String> out = new ArrayList<>();
        partitions.forEach((k, v) -> {
            if (v.size() > 0) {
                out.add(k);
            }
        });
        return out;
    }
}
