package dev.switchboard.engine.telemetry.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.telemetry.RequestEvent;
import dev.switchboard.store.Database;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log on an embedded H2 file of the test's own: order, chain, close, refusal, a full queue. */
class AuditLogTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-30T12:00:00Z"));

    @TempDir
    Path dir;

    private Database db;

    @BeforeEach
    void open() throws Exception {
        db = Database.open("jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath(), null, null, Duration.ofSeconds(5),
                2);
        db.ensureReady();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static AuditRecord rec(int i) {
        return new AuditRecord(1_000L + i, AuditRecord.CONFIG, "op" + (i % 3), "s" + i, "{\"n\":" + i + "}");
    }

    private List<AuditRow> rows() throws Exception {
        List<AuditRow> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, at_ms, kind, actor, subject, detail, prev_hash, hash FROM audit_event ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new AuditRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8)));
            }
        }
        return out;
    }

    @Test
    void recordsAreWrittenInAppendOrderEachChainedToTheOneBefore() throws Exception {
        int n = 2_500; // more than one batch
        try (AuditLog log = AuditLog.over(db, AuditSettings.defaults(), CLOCK)) {
            for (int i = 0; i < n; i++) {
                assertThat(log.append(rec(i))).isTrue();
            }
            assertThat(log.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(log.stats().written()).isEqualTo(n);
        }
        List<AuditRow> rows = rows();
        assertThat(rows).hasSize(n);
        String prev = AuditChain.GENESIS;
        for (int i = 0; i < n; i++) {
            AuditRow r = rows.get(i);
            assertThat(r.id()).isEqualTo(i + 1);
            assertThat(r.subject()).isEqualTo("s" + i);
            assertThat(r.detail()).isEqualTo("{\"n\":" + i + "}");
            assertThat(r.prevHash()).isEqualTo(prev);
            assertThat(r.hash()).isEqualTo(r.expectedHash()).hasSize(64);
            prev = r.hash();
        }
        assertThat(new AuditStore(db).verify()).isEqualTo(new Verification(n, -1, "", 0));
    }

    @Test
    void aSecondLogOnTheSameDatabaseContinuesTheChain() throws Exception {
        try (AuditLog first = AuditLog.over(db, AuditSettings.defaults(), CLOCK)) {
            for (int i = 0; i < 10; i++) {
                first.append(rec(i));
            }
        }
        try (AuditLog second = AuditLog.over(db, AuditSettings.defaults(), CLOCK)) {
            for (int i = 10; i < 20; i++) {
                second.append(rec(i));
            }
        }
        assertThat(rows()).extracting(AuditRow::id).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
        assertThat(new AuditStore(db).verify().ok()).isTrue();
    }

    @Test
    void closeWritesEverythingQueuedAndThenRefusesRecords() throws Exception {
        AuditLog log = AuditLog.over(db, AuditSettings.defaults(), CLOCK);
        for (int i = 0; i < 5_000; i++) {
            log.append(rec(i));
        }
        log.close();
        assertThat(rows()).hasSize(5_000);
        assertThatThrownBy(() -> log.append(rec(1))).isInstanceOf(IllegalStateException.class)
                .hasMessage("audit log is closed");
        assertThat(log.stats().refused()).isEqualTo(1);
        assertThat(log.stats().accepted()).isEqualTo(5_000);
        log.close(); // a second close is harmless
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() {
        // Nothing listens on port 1: the writer cannot write, so the queue of 2 fills.
        try (Database down = Database.open("jdbc:postgresql://127.0.0.1:1/none", "x", null, Duration.ofMillis(250),
                1); AuditLog log = AuditLog.over(down, new AuditSettings(true, AuditedRequests.ALL, null, 2), CLOCK)) {
            int accepted = 0;
            for (int i = 0; i < 10; i++) {
                accepted += log.append(rec(i)) ? 1 : 0;
            }
            AuditLog.Stats s = log.stats();
            assertThat(s.accepted()).isEqualTo(accepted);
            // The writer holds what it took (at most one queue's worth) until it is written: 2 taken + 2 queued.
            assertThat(s.dropped()).isEqualTo(10 - accepted).isGreaterThanOrEqualTo(6);
            assertThat(s.written()).isZero();
        }
    }

    @Test
    void theWriterPurgesPastTheRetentionAndTheChainStillVerifies() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z").toEpochMilli());
        long day = Duration.ofDays(1).toMillis();
        try (AuditLog log = AuditLog.over(db, new AuditSettings(true, AuditedRequests.ALL, Duration.ofDays(7), 100),
                clock)) {
            for (int i = 0; i < 10; i++) {
                // one a day, from 9 days ago to today
                log.append(new AuditRecord(clock.millis() - (9 - i) * day, "config", "op", "s" + i, "{}"));
            }
            assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
            clock.advance(Duration.ofHours(2)); // the next hourly purge is due
            // 9, 8 and 7 days (and two hours) old; the first two may go in the purge at start
            Await.until(Duration.ofSeconds(10), "three records purged", () -> log.stats().purged() == 3);
        }
        assertThat(rows()).extracting(AuditRow::id).containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(new AuditStore(db).verify()).isEqualTo(new Verification(7, -1, "", 3));
    }

    @Test
    void aUniqueViolationIsAnotherWritersIdNotAnOutage() {
        java.sql.SQLException dup = new java.sql.SQLException("duplicate key", "23505");
        java.sql.BatchUpdateException batch = new java.sql.BatchUpdateException("batch failed", "HY000", 0,
                new int[0]);
        batch.setNextException(dup);
        assertThat(AuditLog.takenByAnother(batch)).isTrue();
        assertThat(AuditLog.takenByAnother(new RuntimeException(dup))).isTrue();
        assertThat(AuditLog.takenByAnother(new java.sql.SQLException("connection refused", "08001"))).isFalse();
    }

    @Test
    void anOffLogTakesNothingAndSaysSo() {
        AuditLog off = AuditLog.off(AuditSettings.defaults());
        assertThat(off.enabled()).isFalse();
        assertThat(off.append(rec(1))).isFalse();
        assertThat(off.stats().state()).isEqualTo("OFF");
        off.close();
        assertThatThrownBy(() -> off.append(rec(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void recordsBadFieldsAreNamed() {
        assertThatThrownBy(() -> new AuditRecord(1, " ", "a", "s", "{}")).hasMessage("kind: must not be blank");
        assertThatThrownBy(() -> new AuditRecord(-1, "config", "a", "s", "{}"))
                .hasMessageStartingWith("atMillis: must not be negative");
        assertThatThrownBy(() -> new AuditSettings(true, AuditedRequests.ALL, Duration.ZERO, 10))
                .hasMessageStartingWith("retention: must be positive");
        assertThatThrownBy(() -> new AuditSettings(true, AuditedRequests.ALL, null, 0))
                .hasMessageStartingWith("queue: must be between 1 and");
        assertThatThrownBy(() -> AuditedRequests.parse("some")).hasMessageStartingWith("requests: must be all,");
        AuditRecord nul = new AuditRecord(1, "request", "a\u0000b", "s", "{\"route\":[\"x\u0000\"]}");
        assertThat(nul.actor()).isEqualTo("a\uFFFDb");
        assertThat(nul.detail()).doesNotContain("\u0000");
        assertThat(new AuditRecord(1, "request", "a".repeat(300), null, null).actor()).hasSize(256);
    }

    private static RequestEvent event(String outcome, List<String> route) {
        return new RequestEvent(5_000, "payments", "alice", "pro", "gpt-4o", RequestEvent.OK.equals(outcome)
                ? "gpt-4o" : null, RequestEvent.OK.equals(outcome) ? ServedBy.values()[0] : null, outcome, 2_000_000,
                1_500, 10, 20, route);
    }

    @Test
    void requestsAreRecordedAsTheModeSaysAndGetTheirKindFromTheRoute() throws Exception {
        RequestEvent hit = event("ok", List.of());
        RequestEvent fallback = event("ok", List.of("gpt-4o: upstream 503"));
        RequestEvent failed = event("timed_out", List.of());
        RequestEvent guarded = event("ok", List.of("guard: pii redacted in input at 3-9"));
        RequestEvent blocked = event("guardrail_blocked", List.of());
        RequestEvent budget = event("ok", List.of("budget: global daily is past the soft limit"));
        RequestEvent refused = event("budget_exceeded", List.of());
        List<RequestEvent> all = List.of(hit, fallback, failed, guarded, blocked, budget, refused);
        assertThat(all.stream().filter(e -> RequestAuditor.wanted(AuditedRequests.DECISIONS, e)))
                .containsExactly(fallback, failed, guarded, blocked, budget, refused);
        assertThat(all.stream().filter(e -> RequestAuditor.wanted(AuditedRequests.FAILURES, e)))
                .containsExactly(failed, blocked, refused);
        assertThat(all.stream().filter(e -> RequestAuditor.wanted(AuditedRequests.ALL, e))).hasSize(7);
        assertThat(all.stream().filter(e -> RequestAuditor.wanted(AuditedRequests.NONE, e))).isEmpty();
        assertThat(all.stream().map(RequestAuditor::kind)).containsExactly("request", "request", "request", "guard",
                "guard", "budget", "budget");

        try (AuditLog log = AuditLog.over(db, new AuditSettings(true, AuditedRequests.DECISIONS, null, 100), CLOCK)) {
            RequestAuditor auditor = new RequestAuditor(log);
            all.forEach(auditor::onRequest);
            assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
        }
        List<AuditRow> rows = rows();
        assertThat(rows).hasSize(6);
        AuditRow g = rows.get(2);
        assertThat(g.kind()).isEqualTo("guard");
        assertThat(g.actor()).isEqualTo("alice");
        assertThat(g.subject()).isEqualTo("gpt-4o");
        assertThat(g.detail()).contains("\"outcome\":\"ok\"", "\"namespace\":\"payments\"", "\"cost_micros\":1500",
                "\"latency_us\":2000", "\"route\":[\"guard: pii redacted in input at 3-9\"]");
    }
}
