package dev.switchboard.engine.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.clock.Ticker;
import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.RecordingConfig;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.Message;
import dev.switchboard.replay.ReplayRunner;
import dev.switchboard.testsupport.FakeTicker;
import dev.switchboard.testsupport.TestConfigs;
import dev.switchboard.workload.Workload;
import dev.switchboard.workload.WorkloadEntry;
import dev.switchboard.workload.WorkloadReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording the traffic served: what the guards left (redacted), store namespaces only, a rolling file at its bound,
 * a full queue dropping and counting, and files that read back as workloads with no problems.
 */
class RecordingTest {
    @TempDir
    Path home;

    private static ChatRequest ask(String prompt) {
        return ChatRequest.builder().user("u-1").plan("pro").model("gpt-4o-mini").prompt(prompt).build();
    }

    private Engine engine(String extra, Ticker ticker) {
        return Engine.start(TestConfigs.parse(TestConfigs.L1_ONLY + extra), InstantSource.system(), ticker);
    }

    @Test
    void writesWhatTheGuardsLeftAndOnlyNamespacesThatMayBeStored() throws Exception {
        Path file = home.resolve("rec/traffic.jsonl");
        FakeTicker ticker = new FakeTicker();
        try (Engine engine = engine("guards: {input: {pii: redact}}\n", ticker)) {
            engine.recording().start(file);
            engine.submit(ChatRequest.builder().user("u-1").plan("pro").model("gpt-4o-mini").system("Be brief.")
                    .prompt("Write to alice@example.com about the invoice").temperature(0.2).maxTokens(64).build());
            ticker.advance(Duration.ofMillis(1500));
            engine.submit(ChatRequest.builder().namespace("private").user("u-2").model("gpt-4o-mini")
                    .prompt("my own secret diary").build());
            engine.submit(ChatRequest.builder().user("u-3").model("gpt-4o-mini").prompt("kept out").noStore(true)
                    .build());
            ticker.advance(Duration.ofMillis(500));
            engine.submit(ChatRequest.builder().namespace("support").user("u-3").model("gpt-4o").prompt("hello")
                    .build());
            RecordingStatus st = engine.recording().stop();
            assertThat(st.active()).isFalse();
            assertThat(st.lines()).isEqualTo(2);
            assertThat(st.skipped()).as("no-store namespace, and a no-store request").isEqualTo(2);
            assertThat(st.dropped()).isZero();
            assertThat(st.bytes()).isEqualTo(Files.size(file));
        }
        String text = Files.readString(file);
        assertThat(text).contains("[EMAIL]").doesNotContain("alice@example.com").doesNotContain("diary")
                .doesNotContain("kept out");
        Workload w = WorkloadReader.read(file);
        assertThat(w.problems()).isEmpty();
        assertThat(w.entries()).hasSize(2);
        WorkloadEntry first = w.entries().get(0);
        assertThat(first.atMs()).isZero();
        assertThat(first.user()).isEqualTo("u-1");
        assertThat(first.plan()).isEqualTo("pro");
        assertThat(first.model()).isEqualTo("gpt-4o-mini");
        assertThat(first.system()).isEqualTo("Be brief.");
        assertThat(first.prompt()).isEqualTo("Write to [EMAIL] about the invoice");
        assertThat(first.temperature()).isEqualTo(0.2);
        assertThat(first.maxTokens()).isEqualTo(64);
        assertThat(first.namespace()).isNull();
        assertThat(first.intent()).isNull();
        assertThat(first.task()).isNull();
        assertThat(first.complexity()).isNull();
        WorkloadEntry second = w.entries().get(1);
        assertThat(second.atMs()).as("relative to the recording's start, on the engine's ticker").isEqualTo(2000);
        assertThat(second.namespace()).isEqualTo("support");
        assertThat(second.plan()).isNull();
    }

    @Test
    void aSecretNeverReachesTheFileEvenWithTheSecretsGuardOff() throws Exception {
        Path file = home.resolve("secrets.jsonl");
        String key = "sk-proj-" + "Ab3dE5gH7jK9mN1pQ3sT5vX7zB9dF1hJ3lN5";
        try (Engine engine = engine("", Ticker.system())) {
            engine.recording().start(file);
            engine.submit(ask("why does my key " + key + " not work?"));
            assertThat(engine.recording().stop().lines()).isEqualTo(1);
        }
        assertThat(Files.readString(file)).doesNotContain(key).doesNotContain("Ab3dE5gH7jK9");
        assertThat(WorkloadReader.read(file).entries().get(0).prompt()).startsWith("why does my key [")
                .endsWith("] not work?");
    }

    @Test
    void earlierTurnsAndTheResponseFormatReplayToTheSameKey() throws Exception {
        Path file = home.resolve("turns.jsonl");
        var schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"type": "json_schema", "json_schema": {"name": "a", "schema": {"type": "object",
                  "properties": {"city": {"type": "string"}}, "required": ["city"]}}}""");
        try (Engine engine = engine("", Ticker.system())) {
            engine.recording().start(file);
            ChatRequest r = ChatRequest.builder().user("u-1").model("gpt-4o-mini").messages(List.of(
                    new Message("user", "Where is the Louvre?"), new Message("assistant", "In Paris."),
                    new Message("user", "Answer as JSON."))).responseFormat(schema).build();
            ChatResult answered = engine.submit(r);
            engine.recording().stop();
            Workload w = WorkloadReader.read(file);
            assertThat(w.problems()).isEmpty();
            WorkloadEntry e = w.entries().get(0);
            assertThat(e.prompt()).isEqualTo("Answer as JSON.");
            assertThat(e.turns()).extracting(Message::role).containsExactly("user", "assistant");
            assertThat(e.responseFormat()).isEqualTo(schema);
            assertThat(ReplayRunner.keyOf(engine, e)).as("the replayed request is the one served")
                    .isEqualTo(answered.cacheKey().value());
        }
    }

    @Test
    void rollsAtTheBoundAndKeepsTheFilesItWasToldTo() throws Exception {
        Path file = home.resolve("roll.jsonl");
        try (Engine engine = engine("recording: {max_bytes: 1KB, files: 3}\n", Ticker.system())) {
            engine.recording().start(file);
            for (int i = 0; i < 200; i++) {
                engine.submit(ask("question number " + i + " about the weather in a town far away"));
            }
            RecordingStatus st = engine.recording().stop();
            assertThat(st.lines()).isEqualTo(200);
            assertThat(st.rolled()).isPositive();
        }
        Path one = home.resolve("roll.jsonl.1");
        Path two = home.resolve("roll.jsonl.2");
        assertThat(home.resolve("roll.jsonl.3")).doesNotExist();
        long kept = 0;
        for (Path p : List.of(file, one, two)) {
            assertThat(p).exists();
            assertThat(Files.size(p)).as(p + " within the bound").isLessThanOrEqualTo(1024);
            Workload w = WorkloadReader.read(p);
            assertThat(w.problems()).isEmpty();
            assertThat(w.entries()).isNotEmpty();
            kept += w.entries().size();
        }
        assertThat(kept).isLessThan(200);
        Workload newest = WorkloadReader.read(file);
        assertThat(newest.entries().get(newest.entries().size() - 1).prompt()).startsWith("question number 199 ");
        Workload older = WorkloadReader.read(one);
        assertThat(older.entries().get(older.entries().size() - 1).prompt())
                .isEqualTo("question number " + (200 - newest.entries().size() - 1)
                        + " about the weather in a town far away");
    }

    @Test
    void aFullQueueDropsAndCountsAndTheRequestNeverWaits() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Runnable gate = () -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        RecordingConfig s = RecordingConfig.off().withBounds(1 << 20, 1);
        s = new RecordingConfig(false, null, s.maxBytes(), s.files(), 2);
        RecordingConfig settings = s;
        Recording rec = new Recording(() -> settings, ns -> true, Ticker.system(), gate);
        Path file = home.resolve("full.jsonl");
        rec.start(file);
        rec.seen(ask("first"), System.nanoTime());
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("the writer holds the first").isTrue();
        for (int i = 0; i < 9; i++) {
            rec.seen(ask("more " + i), System.nanoTime());
        }
        assertThat(rec.status().dropped()).as("two queued, the rest dropped").isEqualTo(7);
        release.countDown();
        RecordingStatus st = rec.stop();
        assertThat(st.lines()).isEqualTo(3);
        assertThat(st.dropped()).isEqualTo(7);
        Workload w = WorkloadReader.read(file);
        assertThat(w.problems()).isEmpty();
        assertThat(w.entries()).extracting(WorkloadEntry::prompt).containsExactly("first", "more 0", "more 1");
    }

    @Test
    void aRoutedRequestIsRecordedOnceAsAsked() throws Exception {
        Path file = home.resolve("routed.jsonl");
        String routing = """
                routing:
                  routes:
                    jury: {kind: vote, voters: [gpt-4o-mini, gpt-4o, gpt-4o-mini], early_stop: false}
                """;
        try (Engine engine = engine(routing, Ticker.system())) {
            engine.recording().start(file);
            engine.submit(ChatRequest.builder().user("u-1").model("jury").prompt("Is the sky blue?").build());
            RecordingStatus st = engine.recording().stop();
            assertThat(st.lines()).isEqualTo(1);
        }
        Workload w = WorkloadReader.read(file);
        assertThat(w.entries()).singleElement().satisfies(e -> {
            assertThat(e.model()).isEqualTo("jury");
            assertThat(e.prompt()).isEqualTo("Is the sky blue?");
        });
    }

    @Test
    void theConfigStartsItAndTheSnapshotCarriesIt() throws Exception {
        Path file = home.resolve("from-config/traffic.jsonl");
        try (Engine engine = engine("recording: {enabled: true, path: \"" + file + "\"}\n", Ticker.system())) {
            assertThat(engine.recording().active()).isTrue();
            engine.submit(ask("one"));
            engine.submit(ask("one"));
            assertThat(engine.snapshot().recording().file()).isEqualTo(file);
        }
        assertThat(WorkloadReader.read(file).entries()).as("both, the hit too: it is traffic served").hasSize(2);
    }

    @Test
    void refusesWhatItCannotDoNamingTheFieldAndTheReason() throws Exception {
        try (Engine engine = engine("", Ticker.system())) {
            assertThatThrownBy(() -> engine.recording().start(home))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("recording.path " + home + ": cannot be written: is a directory");
            engine.recording().start(home.resolve("a.jsonl"));
            assertThatThrownBy(() -> engine.recording().start(home.resolve("b.jsonl")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already recording to");
            assertThat(engine.recording().active()).isTrue();
        }
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.L1_ONLY + "recording: {max_bytes: 100}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("recording.max_bytes")
                .hasMessageContaining("at least 1KB");
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.L1_ONLY + "recording: {files: 0}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("recording.files");
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.L1_ONLY + "recording: {rotate: 2}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rotate");
    }
}
