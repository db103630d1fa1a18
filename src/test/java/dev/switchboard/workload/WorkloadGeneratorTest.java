package dev.switchboard.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
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
}
