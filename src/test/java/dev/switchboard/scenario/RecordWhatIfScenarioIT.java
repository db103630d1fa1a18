package dev.switchboard.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.recording.RecordingStatus;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.replay.ReplayReport;
import dev.switchboard.replay.WhatIf;
import dev.switchboard.replay.WhatIfResult;
import dev.switchboard.testsupport.Services;
import dev.switchboard.workload.Workload;
import dev.switchboard.workload.WorkloadEntry;
import dev.switchboard.workload.WorkloadReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * The operator's loop with every feature on: traffic served (L1, Redis, PostgreSQL, the ledger, limits, breakers,
 * the semantic cache, guards) is recorded, and the recording is tried against a draft with shorter TTLs. The
 * recording holds every request of the store namespaces, redacted; the what-if replays all of them on both sides,
 * the draft's L1 answers fewer, and neither side writes a row or a key to the live stores.
 */
class RecordWhatIfScenarioIT {
    private static final String NAMESPACES = "namespaces:\n  private: {policy: no-store}\n";

    @Test
    void recordTheTrafficThenTryShorterTtlsOnIt() throws Exception {
        try (Scenario sc = new Scenario(); JedisPooled redis = new JedisPooled(java.net.URI.create(Services.redisUrl()))) {
            SwitchboardConfig live = sc.config(Map.of("namespaces", NAMESPACES));
            Workload generated = Scenario.workload(600, Duration.ofSeconds(8), false, Map.of("gpt-4o-mini", 1.0), 21);
            // Every tenth request in the no-store namespace, every seventh with an e-mail address to redact.
            List<WorkloadEntry> entries = new ArrayList<>();
            for (WorkloadEntry e : generated.entries()) {
                int i = entries.size();
                entries.add(new WorkloadEntry(e.lineNumber(), e.atMs(), e.user(), e.plan(),
                        i % 10 == 0 ? "private" : null, e.model(), e.system(),
                        i % 7 == 0 ? e.prompt() + " Reply to ops@example.com" : e.prompt(), e.temperature(),
                        e.maxTokens(), e.intent()));
            }
            Workload w = new Workload("scenario", entries, List.of());
            Path file = sc.home.resolve("recordings/traffic.jsonl");
            ReplayReport served;
            RecordingStatus st;
            try (Engine engine = Engine.start(live)) {
                engine.recording().start(file);
                served = Scenario.replay(engine, w);
                st = engine.recording().stop();
                assertThat(engine.snapshot().recording().lines()).isEqualTo(st.lines());
            }
            assertThat(served.failed()).as("failures by kind while serving; refusals " + served.rateLimited()).isEmpty();
            assertThat(st.lines()).as("every request of a store namespace").isEqualTo(540);
            assertThat(st.skipped()).as("the no-store namespace's").isEqualTo(60);
            assertThat(st.dropped()).isZero();
            Workload recorded = WorkloadReader.read(file);
            assertThat(recorded.problems()).isEmpty();
            assertThat(recorded.entries()).hasSize(540).noneMatch(e -> "private".equals(e.namespace()))
                    .noneMatch(e -> e.prompt().contains("ops@example.com"));
            assertThat(recorded.entries().stream().filter(e -> e.prompt().contains("[EMAIL]")).count())
                    .as("redacted as the guards left them").isEqualTo(entries.stream()
                            .filter(e -> e.namespace() == null && e.prompt().contains("ops@example.com")).count());

            long ledgerRows = sc.answerRows();
            long l3Rows = sc.queryLong("SELECT COUNT(*) FROM " + sc.id + ".cache_entry");
            int redisKeys = redis.keys("sb:*" + sc.id + "*").size();
            SwitchboardConfig draft = sc.config(Map.of("namespaces", NAMESPACES)).withTiers(
                    live.tiers().withL1(live.tiers().l1().withTtl(Duration.ofMillis(500)))
                            .withL3(live.tiers().l3().withTtl(Duration.ofHours(1))));
            WhatIfResult r = WhatIf.of(live, draft).run(recorded);

            for (ReplayReport side : List.of(r.current(), r.proposed())) {
                assertThat(side.requests()).isEqualTo(540);
                long answered = side.served().values().stream().mapToLong(Long::longValue).sum();
                long failed = side.failed().values().stream().mapToLong(Long::longValue).sum();
                assertThat(answered + failed).as("every recorded request answered or refused").isEqualTo(540);
                assertThat(side.served().get(ServedBy.L2)).as("Redis is off in a sandbox").isZero();
            }
            assertThat(r.proposed().served().get(ServedBy.L1)).as("a 0.5 s L1 TTL over 8 s of traffic")
                    .isLessThan(r.current().served().get(ServedBy.L1));
            assertThat(r.difference("hit_rate.l1").delta()).isNegative();
            assertThat(r.timeline().stream().mapToLong(p -> p.proposed().requests()).sum()).isEqualTo(540);
            assertThat(r.currentNotes()).anyMatch(n -> n.startsWith("L2 (Redis) off"))
                    .anyMatch(n -> n.startsWith("L3 on an in-memory database"))
                    .anyMatch(n -> n.startsWith("ledger off"));
            assertThat(sc.answerRows()).as("no ledger row from the what-if").isEqualTo(ledgerRows);
            assertThat(sc.queryLong("SELECT COUNT(*) FROM " + sc.id + ".cache_entry")).as("no L3 row")
                    .isEqualTo(l3Rows);
            assertThat(redis.keys("sb:*" + sc.id + "*")).as("no Redis key").hasSize(redisKeys);
        }
    }
}
