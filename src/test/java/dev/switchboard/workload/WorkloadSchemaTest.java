package dev.switchboard.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.parse.Expectation;
import dev.switchboard.engine.request.ChatRequest;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Workloads with structured-output requests: generated, written, read back, shipped. */
class WorkloadSchemaTest {
    private static GeneratorSpec spec(double schemaShare) {
        return new GeneratorSpec(4000, Duration.ofSeconds(40), 100, 1.1, 0.2, 40,
                Map.of("free", 1.0), Map.of("gpt-4o-mini", 1.0), "sys", 3, false, schemaShare);
    }

    @Test
    void aShareOfRequestsCarriesAShippedSchemaAndReadsBack() throws Exception {
        List<WorkloadEntry> entries = WorkloadGenerator.generate(spec(0.3));
        long structured = entries.stream().filter(e -> e.responseFormat() != null).count();
        assertThat(structured / (double) entries.size()).isBetween(0.27, 0.33);
        assertThat(entries.stream().filter(e -> e.responseFormat() != null)
                .map(e -> Expectation.fromResponseFormat(e.responseFormat()).name()).distinct())
                .containsExactlyInAnyOrder("product", "sentiment", "contact", "invoice");
        StringWriter out = new StringWriter();
        WorkloadGenerator.write(entries, out);
        Workload back = WorkloadReader.read(new StringReader(out.toString()), "w.jsonl");
        assertThat(back.problems()).isEmpty();
        for (int i = 0; i < entries.size(); i++) {
            assertThat(back.entries().get(i).responseFormat()).isEqualTo(entries.get(i).responseFormat());
            assertThat(back.entries().get(i).prompt()).isEqualTo(entries.get(i).prompt());
        }
    }

    @Test
    void noShareGivesTheSameWorkloadAsBeforeSchemas() {
        GeneratorSpec old = new GeneratorSpec(500, Duration.ofSeconds(5), 50, 1.1, 0.2, 10, Map.of("free", 1.0),
                Map.of("gpt-4o-mini", 1.0), "sys", 9, false);
        assertThat(WorkloadGenerator.generate(old)).isEqualTo(WorkloadGenerator.generate(new GeneratorSpec(500,
                Duration.ofSeconds(5), 50, 1.1, 0.2, 10, Map.of("free", 1.0), Map.of("gpt-4o-mini", 1.0), "sys", 9,
                false, 0)));
        assertThat(WorkloadGenerator.generate(old)).allMatch(e -> e.responseFormat() == null);
    }

    @Test
    void aBadResponseFormatIsTheLinesProblem() throws Exception {
        String text = """
                {"model":"m","prompt":"a","response_format":{"type":"json_schema","json_schema":{"name":"x"}}}
                {"model":"m","prompt":"b","response_format":{"type":"json_object"}}
                """;
        Workload w = WorkloadReader.read(new StringReader(text), "w.jsonl");
        assertThat(w.entries()).hasSize(1);
        assertThat(w.problems()).singleElement().satisfies(p -> {
            assertThat(p.lineNumber()).isEqualTo(1);
            assertThat(p.reason()).startsWith("response_format.json_schema.schema: is required");
        });
    }

    @Test
    void theShippedSchemaWorkloadReadsCleanAndCarriesSchemas() throws Exception {
        Workload w = WorkloadReader.read(Path.of("sample-configs/schema-2k.jsonl"));
        assertThat(w.problems()).isEmpty();
        assertThat(w.entries()).hasSize(2000);
        assertThat(w.entries().stream().filter(e -> e.responseFormat() != null).count()).isBetween(900L, 1100L);
        WorkloadEntry first = w.entries().stream().filter(e -> e.responseFormat() != null).findFirst().orElseThrow();
        ChatRequest r = ChatRequest.builder().model(first.model()).prompt(first.prompt())
                .responseFormat(first.responseFormat()).build();
        assertThat(Expectation.fromResponseFormat(r.responseFormat())).isInstanceOf(Expectation.JsonSchema.class);
    }
}
