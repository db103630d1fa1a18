package dev.switchboard.engine.cache.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not a test: embed + lookup latency with N entries in one partition. Real embeddings of the pairs' texts fill the
 * index, topped up to N with noisy copies of them (the search cost depends on the vectors, not on their texts).
 * Usage: SemanticBench PAIRS.jsonl [N=100000] [QUERIES=3000].
 */
public final class SemanticBench {
    public static void main(String[] args) throws Exception {
        Path pairs = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 3_000;
        ObjectMapper om = new ObjectMapper();
        LinkedHashSet<String> a = new LinkedHashSet<>();
        List<String> b = new ArrayList<>();
        for (String line : Files.readAllLines(pairs)) {
            JsonNode node = om.readTree(line);
            a.add(node.get("a").asText());
            b.add(node.get("b").asText());
        }
        List<String> texts = new ArrayList<>(a);
        SemanticSettings s = SemanticSettings.defaults();
        Embedder e = Embedders.local(s.model());
        float[][] vs = new float[texts.size()][];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            fs.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < texts.size()) {
                    vs[i] = e.embed(texts.get(i));
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        System.gc();
        long before = used();
        SemanticIndex index = new SemanticIndex(s);
        Random r = new Random(1);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int src = i % texts.size();
            float[] v = vs[src];
            if (i >= texts.size()) {
                v = v.clone();
                for (int d = 0; d < v.length; d++) {
                    v[d] += (float) (r.nextGaussian() * 0.02);
                }
                Vectors.normalize(v);
            }
            index.put(new SemanticEntry(i, "bench", texts.get(src), v, "k" + i, 0, Long.MAX_VALUE));
        }
        double buildS = (System.nanoTime() - t0) / 1e9;
        System.gc();
        long after = used();
        System.out.printf("%d entries in %.1f s (%.2f ms/put); heap +%.1f MB measured, approxBytes %.1f MB%n", n,
                buildS, buildS * 1000 / n, (after - before) / 1e6, index.approxBytes() / 1e6);
        // warm-up, then one thread: embed + lookup, as a request would
        for (int i = 0; i < 500; i++) {
            String q = b.get(i);
            index.lookup("bench", q, e.embed(q), 1);
        }
        long[] embed = new long[queries];
        long[] lookup = new long[queries];
        long[] total = new long[queries];
        for (int i = 0; i < queries; i++) {
            String q = b.get(1000 + i);
            long s0 = System.nanoTime();
            float[] v = e.embed(q);
            long s1 = System.nanoTime();
            index.lookup("bench", q, v, 1);
            long s2 = System.nanoTime();
            embed[i] = s1 - s0;
            lookup[i] = s2 - s1;
            total[i] = s2 - s0;
        }
        System.out.printf("embed  p50 %.2f p99 %.2f ms%n", p(embed, .5), p(embed, .99));
        System.out.printf("lookup p50 %.3f p99 %.3f ms%n", p(lookup, .5), p(lookup, .99));
        System.out.printf("embed+lookup p50 %.2f p99 %.2f ms (%d queries, one thread)%n", p(total, .5),
                p(total, .99), queries);
        SemanticIndex brute = new SemanticIndex(s.withBruteForceBelow(Integer.MAX_VALUE));
        for (int size : new int[] {1000, 2000, 4096, 8192}) {
            brute.removeIf(x -> true);
            SemanticIndex graph = new SemanticIndex(s.withBruteForceBelow(0));
            for (int i = 0; i < size; i++) {
                SemanticEntry en = new SemanticEntry(i, "x", texts.get(i), vs[i], "k", 0, Long.MAX_VALUE);
                brute.put(en);
                graph.put(en);
            }
            long[] bt = new long[2000];
            long[] gt = new long[2000];
            for (int rep = 0; rep < 2; rep++) {
                for (int i = 0; i < 2000; i++) {
                    float[] v = vs[texts.size() - 1 - i];
                    long x0 = System.nanoTime();
                    brute.lookup("x", "q", v, 1);
                    long x1 = System.nanoTime();
                    graph.lookup("x", "q", v, 1);
                    bt[i] = x1 - x0;
                    gt[i] = System.nanoTime() - x1;
                }
            }
            System.out.printf("size %5d: scan p50 %.3f p99 %.3f ms, graph p50 %.3f p99 %.3f ms%n", size, p(bt, .5),
                    p(bt, .99), p(gt, .5), p(gt, .99));
        }
        e.close();
    }

    private static long used() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double p(long[] xs, double q) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] / 1e6;
    }
}
