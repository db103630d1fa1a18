package dev.switchboard.engine.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.cache.semantic.Embedder;
import dev.switchboard.engine.cache.semantic.Embedders;
import dev.switchboard.engine.route.TaskClass;
import dev.switchboard.engine.route.TaskClassifier;
import dev.switchboard.engine.route.TaskProfile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Task classes by embedding, measured on the hand-labelled prompts (written apart from the shipped examples the
 * centroids are built from): the nearest centroid alone, the rules alone, and the rules with the centroid for the
 * prompts they find no cue in (what a table does with {@code routing.embeddings}).
 */
class CentroidClassifierTest {
    @Test
    void nearestCentroidClassifiesHeldOutPromptsAndBacksUpTheRules() throws Exception {
        List<Map.Entry<TaskClass, String>> labelled = new ArrayList<>();
        ObjectMapper om = new ObjectMapper();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/route/labelled-tasks.jsonl"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                JsonNode n = om.readTree(line);
                labelled.add(Map.entry(TaskClass.parse(n.get("task").asText()), n.get("prompt").asText()));
            }
        }
        TaskClassifier rules = new TaskClassifier();
        try (Embedder e = Embedders.local(Embedders.DEFAULT_MODEL)) {
            CentroidClassifier c = CentroidClassifier.build(e.id(), CentroidClassifier.examples(), e::embed);
            int byCentroid = 0;
            int byRules = 0;
            int combined = 0;
            int noCue = 0;
            for (Map.Entry<TaskClass, String> x : labelled) {
                TaskClass nearest = c.nearest(e.embed(x.getValue())).taskClass();
                TaskProfile p = rules.classify(null, x.getValue());
                boolean fallback = p.reasons().contains(TaskClassifier.NO_CUE);
                noCue += fallback ? 1 : 0;
                byCentroid += nearest == x.getKey() ? 1 : 0;
                byRules += p.taskClass() == x.getKey() ? 1 : 0;
                combined += (fallback ? nearest : p.taskClass()) == x.getKey() ? 1 : 0;
            }
            System.out.printf("task class on %d labelled prompts: centroid %d, rules %d, rules+centroid %d "
                    + "(%d with no cue)%n", labelled.size(), byCentroid, byRules, combined, noCue);
            // Nine classes: a guess gets 11%. The examples and the labelled prompts were written apart.
            assertThat((double) byCentroid / labelled.size()).isGreaterThan(0.6);
            assertThat(combined).isGreaterThanOrEqualTo(byRules);
        }
    }
}
