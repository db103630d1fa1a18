package dev.switchboard.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WorkloadReaderTest {
    @Test
    void malformedLinesAreReportedWithTheirNumberAndSkipped() throws Exception {
        String text = """
                {"at_ms": 4, "user": "u-1", "plan": "pro", "model": "gpt-4o-mini", "system": "s", "prompt": "a", "temperature": 0.0, "max_tokens": 256, "intent": "i-1", "extra": {"ignored": true}}
                {"at_ms": 5, "model": "gpt-4o-mini", "prompt": "b"
                not json at all
                {"at_ms": 7, "model": "gpt-4o-mini"}
                {"at_ms": 8, "model": "gpt-4o-mini", "prompt": "c", "max_tokens": "many"}

                {"at_ms": -1, "model": "gpt-4o-mini", "prompt": "d"}
                [1, 2]
                {"model": "gpt-4o-mini", "prompt": "e", "intent": "i-2"}
                """;
        Workload w = WorkloadReader.read(new StringReader(text), "w.jsonl");
        assertThat(w.entries()).extracting(WorkloadEntry::prompt).containsExactly("a", "e");
        assertThat(w.entries().get(0).intent()).isEqualTo("i-1");
        assertThat(w.entries().get(1).atMs()).as("missing at_ms keeps the previous time").isEqualTo(4);
        assertThat(w.entries().get(1).lineNumber()).isEqualTo(9);
        assertThat(w.problems()).extracting(WorkloadProblem::lineNumber).containsExactly(2, 3, 4, 5, 7, 8);
        assertThat(w.problems().get(0).reason()).startsWith("not valid JSON");
        assertThat(w.problems().get(2).reason()).isEqualTo("prompt: is required");
        assertThat(w.problems().get(3).reason()).isEqualTo("max_tokens: must be a whole number, got \"many\"");
        assertThat(w.problems().get(4).reason()).isEqualTo("at_ms: must not be negative, got -1");
        assertThat(w.problems().get(0).toString()).startsWith("line 2: ");
    }

    @Test
    void readsTheSharedWorkload() throws Exception {
        Path shared = Path.of("../shared/data/workloads/qqp-dev-20k.jsonl");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(shared), "shared data not beside the repo");
        Workload w = WorkloadReader.read(shared);
        assertThat(w.entries()).hasSize(20_000);
        assertThat(w.problems()).isEmpty();
    }
}
