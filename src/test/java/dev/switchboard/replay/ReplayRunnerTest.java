package dev.switchboard.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.testsupport.TestConfigs;
import dev.switchboard.workload.Workload;
import dev.switchboard.workload.WorkloadReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ReplayRunnerTest {
    private static String line(int at, String prompt, String intent) {
        return "{\"at_ms\": %d, \"user\": \"u\", \"model\": \"gpt-4o-mini\", \"system\": \"s\", \"prompt\": \"%s\", \"intent\": \"%s\"}\n"
                .formatted(at, prompt, intent);
    }

    @Test
    void countsHitsMissesAndFalseHits() throws Exception {
        // "same words" is asked under two intents: the second intent is answered from the first's entry.
        String text = line(0, "what is x", "i-1") + line(1, "what is x", "i-1") + line(2, "what is y", "i-2")
                + line(3, "same words", "i-3") + line(4, "same words", "i-4") + "{broken\n" + line(5, "what is x", "i-1");
        Workload w = WorkloadReader.read(new StringReader(text), "t.jsonl");
        try (Engine engine = Engine.start(TestConfigs.l1Only())) {
            // Concurrency 1 keeps the order, so which request writes each entry is fixed.
            ReplayReport r = new ReplayRunner(engine, null).run(w, ReplayOptions.maxRate(1));
            assertThat(r.requests()).isEqualTo(6);
            assertThat(r.served()).containsEntry(ServedBy.L1, 3L).containsEntry(ServedBy.PROVIDER, 3L);
            assertThat(r.misses()).isEqualTo(3);
            assertThat(r.providerCalls()).isEqualTo(3);
            assertThat(r.falseHits()).isEqualTo(1);
            assertThat(r.hitRate()).isEqualTo(0.5);
            assertThat(r.costUsd()).isPositive();
            assertThat(r.costSavedUsd()).isPositive();
            assertThat(r.skippedLines()).hasSize(1);
            assertThat(r.skippedLines().get(0).lineNumber()).isEqualTo(6);
            assertThat(r.toJson()).contains("\"false_hits\" : 1", "\"hit_rate\" : 0.5", "\"l1\" : 3");
            assertThat(r.toTable()).contains("line 6:");
        }
    }

    @Test
    void timedReplayFollowsTheTimeline() throws Exception {
        String text = line(0, "a", "i-1") + line(400, "b", "i-2") + line(800, "a", "i-1");
        Workload w = WorkloadReader.read(new StringReader(text), "t.jsonl");
        try (Engine engine = Engine.start(TestConfigs.l1Only())) {
            ReplayReport r = new ReplayRunner(engine, null).run(w, ReplayOptions.timed(2.0));
            assertThat(r.requests()).isEqualTo(3);
            assertThat(r.served()).containsEntry(ServedBy.L1, 1L);
            // 800 ms of workload at speed 2 takes at least 400 ms.
            assertThat(r.wallSeconds()).isGreaterThanOrEqualTo(0.39);
        }
    }

    @Test
    void reportsRefusalsByReasonAndQueueing() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            text.append(line(i, "distinct " + i, "i-" + i).replace("\"user\": \"u\"", "\"user\": \"u" + (i % 3) + "\""));
        }
        Workload w = WorkloadReader.read(new StringReader(text.toString()), "t.jsonl");
        var cfg = TestConfigs.parse("""
                tiers:
                  l1: {enabled: true}
                limits:
                  plans: {free: {per_minute: 8}}
                  upstream:
                    default: {rate: 50, capacity: 1}
                    max_wait: 5s
                """ + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY);
        try (Engine engine = Engine.start(cfg)) {
            ReplayReport r = new ReplayRunner(engine, null).run(w, ReplayOptions.maxRate(30));
            // Three users, 10 requests each, 8 a minute allowed: 2 refused per user.
            assertThat(r.rateLimited()).containsEntry("plan_minute", 6L);
            assertThat(r.failed()).containsEntry("rate_limited", 6L);
            assertThat(r.queued()).isPositive();
            assertThat(r.maxQueueWaitMs()).isPositive().isLessThan(5_000);
            assertThat(r.toJson()).contains("\"rate_limited\" : {", "\"plan_minute\" : 6", "\"queued\" :",
                    "\"max_queue_wait_ms\" :", "\"answered\" : 24");
        }
    }

    @Test
    void neverStartsMoreWorkersThanRequests() {
        assertThat(ReplayRunner.workerCount(50_000_000, 5)).isEqualTo(5);
        assertThat(ReplayRunner.workerCount(64, 1000)).isEqualTo(64);
        assertThat(ReplayRunner.workerCount(64, 0)).isZero();
    }
}
