package dev.switchboard.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.route.Complexity;
import dev.switchboard.engine.route.TaskClass;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorkloadGeneratorTest {
    private static GeneratorSpec spec(double zipf, double paraphrase, long seed) {
        return new GeneratorSpec(5000, Duration.ofSeconds(50), 100, zipf, paraphrase, 40,
                Map.of("free", 0.5, "pro", 0.5), Map.of("gpt-4o-mini", 1.0), "sys", seed, false);
    }

    @Test
    void sameSeedSameWorkloadAndItReadsBack() throws Exception {
        StringWriter a = new StringWriter();
        StringWriter b = new StringWriter();
        WorkloadGenerator.write(WorkloadGenerator.generate(spec(1.1, 0.2, 7)), a);
        WorkloadGenerator.write(WorkloadGenerator.generate(spec(1.1, 0.2, 7)), b);
        assertThat(a.toString()).isEqualTo(b.toString());
        Workload w = WorkloadReader.read(new StringReader(a.toString()), "gen");
        assertThat(w.problems()).isEmpty();
        assertThat(w.entries()).hasSize(5000);
        assertThat(w.entries()).allSatisfy(e -> {
            assertThat(e.atMs()).isBetween(0L, 50_000L);
            assertThat(e.plan()).isIn("free", "pro");
            assertThat(e.intent()).startsWith("i-");
        });
        assertThat(w.entries()).isSortedAccordingTo((x, y) -> Long.compare(x.atMs(), y.atMs()));
        assertThat(w.entries().stream().map(WorkloadEntry::user).distinct().count()).isLessThanOrEqualTo(40);
    }

    @Test
    void zipfConcentratesPopularityAndParaphrasesVaryTheWording() {
        var skewed = WorkloadGenerator.generate(spec(1.2, 0.0, 1));
        var uniform = WorkloadGenerator.generate(spec(0.0, 0.0, 1));
        assertThat(topShare(skewed)).isGreaterThan(0.15);
        assertThat(topShare(uniform)).isLessThan(0.05);
        // Without paraphrases each intent has one wording; with them, several.
        assertThat(wordingsPerIntent(skewed)).isEqualTo(1.0);
        assertThat(wordingsPerIntent(WorkloadGenerator.generate(spec(1.2, 0.5, 1)))).isGreaterThan(1.5);
    }

    private static double topShare(java.util.List<WorkloadEntry> es) {
        Map<String, Long> counts = es.stream().collect(Collectors.groupingBy(WorkloadEntry::intent, Collectors.counting()));
        return counts.values().stream().mapToLong(Long::longValue).max().orElse(0) / (double) es.size();
    }

    private static double wordingsPerIntent(java.util.List<WorkloadEntry> es) {
        Map<String, Long> wordings = es.stream().collect(Collectors.groupingBy(WorkloadEntry::intent,
                Collectors.mapping(WorkloadEntry::prompt, Collectors.collectingAndThen(Collectors.toSet(),
                        s -> (long) s.size()))));
        return wordings.values().stream().mapToLong(Long::longValue).average().orElse(0);
    }

    @Test
    void badSpecsSayWhichOptionAndWhy() {
        assertThatThrownBy(() -> new GeneratorSpec(0, Duration.ofSeconds(1), 10, 1, 0, 1, Map.of("a", 1.0),
                Map.of("m", 1.0), "s", 1, false)).hasMessage("--requests: must be at least 1, got 0");
        assertThatThrownBy(() -> GeneratorSpec.parseWeights("--plans", "free=lots"))
                .hasMessage("--plans: weight of free is not a number: 'lots'");
        assertThatThrownBy(() -> GeneratorSpec.parseWeights("--models", "gpt"))
                .hasMessage("--models: expected name=weight, got 'gpt'");
        assertThatThrownBy(() -> new GeneratorSpec(10, Duration.ofSeconds(1), 100_000, 1, 0, 1, Map.of("a", 1.0),
                Map.of("m", 1.0), "s", 1, false)).hasMessageStartingWith("--intents: must be between 1 and");
    }

    private static GeneratorSpec taskSpec(double schemaShare, double taskShare, boolean distinct) {
        return new GeneratorSpec(3000, Duration.ofSeconds(30), 200, 1.1, 0.2, 40, Map.of("free", 1.0),
                Map.of("gpt-4o-mini", 1.0), "sys", 11, distinct, schemaShare, taskShare);
    }

    @Test
    void tasksWriteTheirClassAndComplexityAndReadBack() throws Exception {
        List<WorkloadEntry> entries = WorkloadGenerator.generate(taskSpec(0, 1.0, false));
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.task()).isNotNull();
            assertThat(e.complexity()).isNotNull();
            assertThat(e.intent()).startsWith("i-t");
        });
        assertThat(entries.stream().map(WorkloadEntry::task).distinct()).hasSize(TaskClass.values().length);
        assertThat(entries.stream().map(WorkloadEntry::complexity).distinct()).hasSize(Complexity.values().length);
        StringWriter out = new StringWriter();
        WorkloadGenerator.write(entries, out);
        assertThat(out.toString().lines().findFirst().orElseThrow()).contains("\"task\":\"", "\"complexity\":\"");
        Workload back = WorkloadReader.read(new StringReader(out.toString()), "tasks.jsonl");
        assertThat(back.problems()).isEmpty();
        assertThat(back.entries()).isEqualTo(entries);
    }

    @Test
    void everyTemplateFillsItsSubjectAndEachClassHasAllThreeComplexities() {
        for (TaskClass c : TaskClass.values()) {
            List<WorkloadTasks.Template> of = WorkloadTasks.TEMPLATES.stream().filter(t -> t.task() == c).toList();
            assertThat(of).as(c.wireName()).hasSizeGreaterThanOrEqualTo(4);
            assertThat(of.stream().map(WorkloadTasks.Template::complexity).distinct()).as(c.wireName())
                    .hasSize(3);
        }
        assertThat(WorkloadTasks.TEMPLATES).allSatisfy(t -> assertThat(String.format(t.prompt(), "Kafka"))
                .contains("Kafka").doesNotContain("%1$s"));
    }

    @Test
    void aShareOfTasksSameSeedSameFileAndOnePromptPerIntent() throws Exception {
        StringWriter a = new StringWriter();
        StringWriter b = new StringWriter();
        WorkloadGenerator.write(WorkloadGenerator.generate(taskSpec(0.2, 0.5, false)), a);
        WorkloadGenerator.write(WorkloadGenerator.generate(taskSpec(0.2, 0.5, false)), b);
        assertThat(a.toString()).isEqualTo(b.toString());
        List<WorkloadEntry> entries = WorkloadReader.read(new StringReader(a.toString()), "w").entries();
        long tasks = entries.stream().filter(e -> e.task() != null).count();
        // Half of the requests without a schema (0.8 of them).
        assertThat(tasks / (double) entries.size()).isBetween(0.36, 0.44);
        assertThat(entries).noneMatch(e -> e.task() != null && e.responseFormat() != null);
        // An intent is one meaning: the same id never carries two prompts, nor one task prompt two ids.
        assertThat(entries.stream().filter(e -> e.task() != null).collect(Collectors.groupingBy(WorkloadEntry::intent,
                Collectors.mapping(WorkloadEntry::prompt, Collectors.toSet())))).allSatisfy((id, prompts) ->
                assertThat(prompts).as(id).hasSize(1));
        assertThat(entries.stream().filter(e -> e.task() != null).collect(Collectors.groupingBy(WorkloadEntry::prompt,
                Collectors.mapping(WorkloadEntry::intent, Collectors.toSet())))).allSatisfy((prompt, ids) ->
                assertThat(ids).as(prompt).hasSize(1));
        List<WorkloadEntry> distinct = WorkloadGenerator.generate(taskSpec(0, 1.0, true));
        assertThat(distinct.stream().map(WorkloadEntry::intent).distinct()).hasSize(distinct.size());
    }

    @Test
    void withoutTasksTheFileIsTheSameAsBefore() throws Exception {
        GeneratorSpec before = new GeneratorSpec(800, Duration.ofSeconds(8), 60, 1.1, 0.2, 10, Map.of("free", 1.0),
                Map.of("gpt-4o-mini", 1.0), "sys", 5, false, 0.3);
        List<WorkloadEntry> entries = WorkloadGenerator.generate(before);
        assertThat(entries).isEqualTo(WorkloadGenerator.generate(new GeneratorSpec(800, Duration.ofSeconds(8), 60,
                1.1, 0.2, 10, Map.of("free", 1.0), Map.of("gpt-4o-mini", 1.0), "sys", 5, false, 0.3, 0)));
        assertThat(entries).allMatch(e -> e.task() == null && e.complexity() == null);
        // The shipped workloads were made before tasks existed: the same options still give them byte for byte.
        Map<String, Double> plans = GeneratorSpec.parseWeights("--plans", "free=0.5,pro=0.3,expert=0.15,master=0.05");
        Map<String, Double> models = GeneratorSpec.parseWeights("--models",
                "gpt-4o-mini=0.6,gpt-4o=0.25,claude-3-5-haiku=0.15");
        assertThat(written(new GeneratorSpec(3000, Duration.ofSeconds(60), 200, 1.1, 0.2, 100, plans, models,
                "You are a helpful assistant.", 42, false, 0, 0)))
                .isEqualTo(Files.readString(Path.of("sample-configs/demo-workload.jsonl"), StandardCharsets.UTF_8));
        assertThat(written(new GeneratorSpec(2000, Duration.ofSeconds(100), 200, 1.1, 0.2, 100, plans, models,
                "You are a helpful assistant.", 42, false, 0.5, 0)))
                .isEqualTo(Files.readString(Path.of("sample-configs/schema-2k.jsonl"), StandardCharsets.UTF_8));
    }

    private static String written(GeneratorSpec spec) throws Exception {
        StringWriter out = new StringWriter();
        WorkloadGenerator.write(WorkloadGenerator.generate(spec), out);
        return out.toString();
    }

    @Test
    void aBadTaskOrComplexityIsTheLinesProblemWithItsNumber() throws Exception {
        String text = """
                {"model":"m","prompt":"a","task":"coding","complexity":"low"}
                {"model":"m","prompt":"b","task":"coding","complexity":"extreme"}
                {"model":"m","prompt":"c","task":"poetry"}
                {"model":"m","prompt":"d","complexity":3}
                {"model":"m","prompt":"e"}
                """;
        Workload w = WorkloadReader.read(new StringReader(text), "w.jsonl");
        assertThat(w.entries()).extracting(WorkloadEntry::prompt).containsExactly("a", "e");
        assertThat(w.entries().get(0).task()).isEqualTo(TaskClass.CODING);
        assertThat(w.entries().get(1).task()).isNull();
        assertThat(w.problems()).extracting(Object::toString).containsExactly(
                "line 2: complexity: unknown complexity 'extreme'; known: low, medium, high",
                "line 3: task: unknown task class 'poetry'; known: coding, reasoning, math, chat, summarization, "
                        + "translation, extraction, creative, analysis",
                "line 4: complexity: must be a string, got 3");
        assertThatThrownBy(() -> taskSpec(0, 1.5, false)).hasMessage("--tasks: must be between 0 and 1, got 1.5");
    }
}
