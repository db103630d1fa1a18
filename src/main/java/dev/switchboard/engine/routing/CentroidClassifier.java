package dev.switchboard.engine.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.route.TaskClass;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The task class of a prompt by its embedding: the class whose example prompts' mean embedding (centroid) is the
 * most similar. The examples ship with the engine ({@code route/task-examples.jsonl}); their centroids are built
 * once per embedding model, by whoever holds the embedder, since embedding them takes that model's time.
 */
public final class CentroidClassifier {
    private static final String EXAMPLES = "/route/task-examples.jsonl";

    /** A prompt's nearest class, its cosine similarity, and how far ahead of the second class it is. */
    public record Nearest(TaskClass taskClass, double similarity, double margin) {
        public String describe() {
            return String.format(Locale.ROOT, "nearest centroid %s (%.2f, %.2f ahead)", taskClass.wireName(),
                    similarity, margin);
        }
    }

    private final String embedderId;
    private final TaskClass[] classes;
    private final float[][] centroids;

    private CentroidClassifier(String embedderId, TaskClass[] classes, float[][] centroids) {
        this.embedderId = embedderId;
        this.classes = classes;
        this.centroids = centroids;
    }

    /** The shipped examples: {@code (class, prompt)}, several per class. */
    public static List<Map.Entry<TaskClass, String>> examples() {
        List<Map.Entry<TaskClass, String>> out = new ArrayList<>();
        ObjectMapper om = new ObjectMapper();
        try (InputStream in = CentroidClassifier.class.getResourceAsStream(EXAMPLES)) {
            if (in == null) {
                throw new IllegalStateException(EXAMPLES + " is missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = om.readTree(line);
                out.add(Map.entry(TaskClass.parse(n.get("task").asText()), n.get("prompt").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Centroids of {@code examples} embedded by {@code embed} (a model whose id is {@code embedderId}). */
    public static CentroidClassifier build(String embedderId, List<Map.Entry<TaskClass, String>> examples,
                                           Function<String, float[]> embed) {
        Map<TaskClass, double[]> sums = new EnumMap<>(TaskClass.class);
        Map<TaskClass, Integer> counts = new EnumMap<>(TaskClass.class);
        for (Map.Entry<TaskClass, String> e : examples) {
            float[] v = embed.apply(e.getValue());
            double[] s = sums.computeIfAbsent(e.getKey(), k -> new double[v.length]);
            for (int i = 0; i < v.length; i++) {
                s[i] += v[i];
            }
            counts.merge(e.getKey(), 1, Integer::sum);
        }
        TaskClass[] cs = sums.keySet().toArray(TaskClass[]::new);
        float[][] cents = new float[cs.length][];
        for (int c = 0; c < cs.length; c++) {
            double[] s = sums.get(cs[c]);
            double norm = 0;
            for (double x : s) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            float[] unit = new float[s.length];
            for (int i = 0; i < s.length; i++) {
                unit[i] = (float) (s[i] / norm);
            }
            cents[c] = unit;
        }
        return new CentroidClassifier(embedderId, cs, cents);
    }

    public String embedderId() {
        return embedderId;
    }

    /** The nearest class to {@code v} (any length-normalised or not: cosine is taken). */
    public Nearest nearest(float[] v) {
        double vn = 0;
        for (float x : v) {
            vn += x * x;
        }
        vn = Math.sqrt(vn);
        int best = -1;
        double top = -2;
        double second = -2;
        for (int c = 0; c < centroids.length; c++) {
            float[] u = centroids[c];
            if (u.length != v.length) {
                throw new IllegalArgumentException("a " + v.length + "-dimension vector against centroids of "
                        + u.length + " (" + embedderId + ")");
            }
            double dot = 0;
            for (int i = 0; i < v.length; i++) {
                dot += u[i] * v[i];
            }
            double cos = dot / vn;
            if (cos > top) {
                second = top;
                top = cos;
                best = c;
            } else if (cos > second) {
                second = cos;
            }
        }
        return new Nearest(classes[best], top, top - second);
    }
}
