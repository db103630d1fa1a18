package dev.switchboard.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void aLineThatIsNotUtf8IsSkippedAndTheReadGoesOn(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(utf8("{\"model\": \"m\", \"prompt\": \"caf\u00e9\"}\n"));
        bytes.write(utf8("{\"model\": \"m\", \"prompt\": \"a"));
        bytes.write(0xFF);
        bytes.write(utf8("b\"}\r\n"));
        bytes.write(utf8("{\"model\": \"m\", \"prompt\": \"last\"}"));
        Path file = dir.resolve("w.jsonl");
        Files.write(file, bytes.toByteArray());
        Workload w = WorkloadReader.read(file);
        assertThat(w.entries()).extracting(WorkloadEntry::prompt).containsExactly("caf\u00e9", "last");
        assertThat(w.entries()).extracting(WorkloadEntry::lineNumber).containsExactly(1, 3);
        assertThat(w.problems()).hasSize(1);
        assertThat(w.problems().get(0).toString()).isEqualTo("line 2: not valid UTF-8: byte 0xFF at byte 28 of the line");
    }

    @Test
    void aByteOrderMarkAtTheStartIsAccepted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("w.jsonl");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write(utf8("{\"model\": \"m\", \"prompt\": \"first\"}\n{\"model\": \"m\", \"prompt\": \"second\"}\n"));
        Files.write(file, bytes.toByteArray());
        Workload w = WorkloadReader.read(file);
        assertThat(w.problems()).isEmpty();
        assertThat(w.entries()).extracting(WorkloadEntry::prompt).containsExactly("first", "second");
        Workload fromText = WorkloadReader.read(new StringReader("\uFEFF{\"model\": \"m\", \"prompt\": \"x\"}"), "w");
        assertThat(fromText.problems()).isEmpty();
    }

    @Test
    void aHugeValueIsQuotedByAShortPrefix() throws Exception {
        String huge = "[" + "1,".repeat(5_000_000) + "1]";
        Workload w = WorkloadReader.read(new StringReader("{\"model\": \"m\", \"prompt\": " + huge + "}"), "w");
        String reason = w.problems().get(0).reason();
        assertThat(reason).hasSizeLessThan(200)
                .isEqualTo("prompt: must be a string, got " + huge.substring(0, 80) + "…(" + huge.length() + " chars)");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void earlierTurnsAreReadAndABadTurnIsTheLinesFault() throws Exception {
        String text = """
                {"model": "m", "prompt": "and now?", "turns": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}
                {"model": "m", "prompt": "x", "turns": [{"role": "wizard", "content": "hi"}]}
                {"model": "m", "prompt": "x", "turns": [{"content": "hi"}]}
                {"model": "m", "prompt": "x", "turns": "hi"}
                """;
        Workload w = WorkloadReader.read(new StringReader(text), "w.jsonl");
        assertThat(w.entries()).singleElement().satisfies(e -> assertThat(e.turns())
                .extracting(t -> t.role() + ": " + t.content()).containsExactly("user: hi", "assistant: hello"));
        assertThat(w.problems()).extracting(Object::toString).containsExactly(
                "line 2: turns[0].role: must be one of [system, developer, user, assistant, tool], got wizard",
                "line 3: turns[0].role: is required",
                "line 4: turns: must be a list of {role, content}, got \"hi\"");
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
