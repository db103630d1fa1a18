package dev.switchboard.engine.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** The index on synthetic vectors: expiry, removal, partitions, and the graph against the scan. */
class SemanticIndexTest {
    private static final SemanticSettings FIXED = SemanticSettings.defaults().withThreshold(0.9);

    private static float[] random(Random r, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Vectors.normalize(v);
    }

    private static SemanticEntry entry(long id, String partition, String prompt, float[] v, long expires) {
        return new SemanticEntry(id, partition, prompt, v, "key-" + id, 0, expires);
    }

    @Test
    void expiredEntriesAreNeverServed() {
        SemanticIndex index = new SemanticIndex(FIXED);
        float[] v = SemanticRuleTest.unit(1, 0, 0);
        index.put(entry(1, "p", "hello", v, 1_000));
        assertThat(index.lookup("p", "hello", v, 999).hit()).isTrue();
        Lookup later = index.lookup("p", "hello", v, 1_000);
        assertThat(later.outcome()).isEqualTo(Lookup.Outcome.MISS);
        assertThat(later.candidate()).isNull();
    }

    @Test
    void removeAndRemoveIfDropEntries() {
        SemanticIndex index = new SemanticIndex(FIXED);
        Random r = new Random(1);
        for (int i = 0; i < 10; i++) {
            index.put(new SemanticEntry(i, i % 2 == 0 ? "even" : "odd", "prompt " + i, random(r, 16),
                    i < 5 ? "ns-a/" + i : "ns-b/" + i, 0, Long.MAX_VALUE));
        }
        assertThat(index.size()).isEqualTo(10);
        assertThat(index.remove(3)).isTrue();
        assertThat(index.remove(3)).isFalse();
        assertThat(index.removeIf(e -> e.cacheKey().startsWith("ns-a/"))).isEqualTo(4);
        assertThat(index.size()).isEqualTo(5);
        assertThat(index.removeIf(e -> true)).isEqualTo(5);
        assertThat(index.size()).isZero();
    }

    @Test
    void aPutWithTheSameIdReplacesTheEntry() {
        SemanticIndex index = new SemanticIndex(FIXED);
        float[] v = SemanticRuleTest.unit(1, 0, 0);
        index.put(entry(7, "p", "old", v, Long.MAX_VALUE));
        index.put(new SemanticEntry(7, "p", "new", v, "other-key", 0, Long.MAX_VALUE));
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.lookup("p", "new", v, 1).candidate().cacheKey()).isEqualTo("other-key");
    }

    @Test
    void partitionsNeverAnswerForEachOther() {
        SemanticIndex index = new SemanticIndex(FIXED);
        float[] v = SemanticRuleTest.unit(0, 1, 0);
        index.put(entry(1, "bge-small-en-v15-q/ns/gpt-4o", "same text", v, Long.MAX_VALUE));
        assertThat(index.lookup("all-minilm-l6-v2-q/ns/gpt-4o", "same text", v, 1).outcome())
                .isEqualTo(Lookup.Outcome.MISS);
        assertThat(index.lookup("bge-small-en-v15-q/ns/gpt-4o", "same text", v, 1).hit()).isTrue();
        assertThatThrownBy(() -> index.put(entry(2, "bge-small-en-v15-q/ns/gpt-4o", "x", new float[] {1, 0}, 9)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimensions");
    }

    @Test
    void theGraphFindsWhatTheScanFinds() {
        SemanticIndex index = new SemanticIndex(FIXED.withBruteForceBelow(256));
        Random r = new Random(42);
        int n = 3_000;
        for (int i = 0; i < n; i++) {
            index.put(entry(i, "p", "prompt " + i, random(r, 48), Long.MAX_VALUE));
        }
        assertThat(index.indexed("p")).isTrue();
        int queries = 300;
        int sameTop = 0;
        int recalled = 0;
        for (int q = 0; q < queries; q++) {
            float[] v = random(r, 48);
            List<SemanticEntry> exact = index.nearestExact("p", v, 10, 1);
            List<SemanticEntry> graph = index.nearest("p", v, 10, 1);
            sameTop += exact.get(0).id() == graph.get(0).id() ? 1 : 0;
            for (SemanticEntry e : graph) {
                recalled += exact.contains(e) ? 1 : 0;
            }
        }
        // random 48-dimensional vectors are the hard case for a graph; real embeddings cluster
        assertThat(sameTop).isGreaterThanOrEqualTo((int) (queries * 0.95));
        assertThat(recalled).isGreaterThanOrEqualTo((int) (queries * 10 * 0.90));
    }

    @Test
    void theGraphSkipsRemovedAndExpiredEntries() {
        SemanticIndex index = new SemanticIndex(FIXED.withBruteForceBelow(64));
        Random r = new Random(7);
        List<float[]> vs = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            float[] v = random(r, 32);
            vs.add(v);
            index.put(entry(i, "p", "prompt " + i, v, i % 3 == 0 ? 500 : Long.MAX_VALUE));
        }
        for (int i = 1; i < 2_000; i += 3) {
            index.remove(i);
        }
        for (int i = 0; i < 2_000; i += 50) {
            Lookup l = index.lookup("p", "prompt " + i, vs.get(i), 1_000);
            if (l.candidate() != null) {
                long id = l.candidate().id();
                assertThat(id % 3).as("expired or removed entry served").isEqualTo(2);
            }
        }
        assertThat(index.size()).isEqualTo(2_000 - 667);
        // enough removals to compact the graph: lookups still work afterwards
        index.removeIf(e -> e.id() % 3 == 2 && e.id() < 1_500);
        float[] v = vs.get(1_997);
        assertThat(index.lookup("p", "prompt 1997", v, 1).candidate().id()).isEqualTo(1_997);
    }

    @Test
    void concurrentPutsAndLookupsAreSafe() throws Exception {
        SemanticIndex index = new SemanticIndex(FIXED.withBruteForceBelow(500));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            fs.add(pool.submit(() -> {
                Random r = new Random(thread);
                for (int i = 0; i < 1_000; i++) {
                    float[] v = random(r, 24);
                    long id = thread * 10_000L + i;
                    index.put(entry(id, "p", "prompt " + id, v, Long.MAX_VALUE));
                    Lookup l = index.lookup("p", "prompt " + id, v, 1);
                    assertThat(l.candidate()).isNotNull();
                    if (i % 10 == 0) {
                        index.remove(id);
                    }
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        assertThat(index.size()).isEqualTo(4 * 900);
        assertThat(index.approxBytes()).isPositive();
    }
}
