package dev.switchboard.engine.telemetry.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.Database;
import dev.switchboard.testsupport.PgSchema;
import dev.switchboard.testsupport.Services;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chain on real PostgreSQL (a schema of the test's own) and on H2: appended and verified, then broken by plain
 * SQL (an edited detail, a deleted row, a re-linked row), and kept verifiable across a retention purge.
 */
class AuditChainIT {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-30T12:00:00Z"));

    @TempDir
    Path dir;

    private PgSchema schema;
    private Database db;

    static Stream<String> databases() {
        return Stream.of("postgresql", "h2");
    }

    private AuditStore open(String which) throws Exception {
        if (which.equals("postgresql")) {
            schema = new PgSchema();
            db = Database.open(schema.url(), Services.databaseUser(), null, Duration.ofSeconds(5), 2);
        } else {
            db = Database.open("jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath(), null, null,
                    Duration.ofSeconds(5), 2);
        }
        db.ensureReady();
        return new AuditStore(db);
    }

    @AfterEach
    void close() throws Exception {
        if (db != null) {
            db.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    /** 20 records, at 1000, 2000, ... 20000 ms. */
    private void append(int from, int to) {
        try (AuditLog log = AuditLog.over(db, AuditSettings.defaults(), CLOCK)) {
            for (int i = from; i <= to; i++) {
                log.append(new AuditRecord(i * 1_000L, AuditRecord.REQUEST, "alice", "gpt-4o",
                        "{\"outcome\":\"ok\",\"route\":[\"n" + i + "\"]}"));
            }
        }
    }

    private void sql(String statement) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anEditedDetailIsNamedByItsRecord(String which) throws Exception {
        AuditStore store = open(which);
        append(1, 20);
        assertThat(store.verify()).isEqualTo(new Verification(20, -1, "", 0));

        sql("UPDATE audit_event SET detail = '{\"outcome\":\"timed_out\"}' WHERE id = 7");
        Verification v = store.verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.brokenId()).isEqualTo(7);
        assertThat(v.checked()).isEqualTo(7);
        assertThat(v.reason()).isEqualTo("its fields do not hash to its stored hash (the record was edited)");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anEditWithARecomputedHashBreaksTheNextLink(String which) throws Exception {
        AuditStore store = open(which);
        append(1, 20);
        String forged = AuditChain.hash(hashOf(store, 6), 7, 7_000, "request", "mallory", "gpt-4o", "{}");
        sql("UPDATE audit_event SET actor = 'mallory', detail = '{}', hash = '" + forged + "' WHERE id = 7");
        Verification v = store.verify();
        assertThat(v.brokenId()).isEqualTo(8);
        assertThat(v.reason()).isEqualTo("prev_hash does not match the hash of record 7 (that record or this link "
                + "was changed)");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aDeletedRowIsReportedAsAGap(String which) throws Exception {
        AuditStore store = open(which);
        append(1, 20);
        sql("DELETE FROM audit_event WHERE id = 5");
        Verification v = store.verify();
        assertThat(v.brokenId()).isEqualTo(6);
        assertThat(v.reason()).isEqualTo("record 5 is missing (deleted)");

        sql("DELETE FROM audit_event WHERE id IN (10, 11, 12)");
        sql("INSERT INTO audit_event SELECT 5, at_ms, kind, actor, subject, detail, prev_hash, hash FROM audit_event "
                + "WHERE id = 6");
        sql("DELETE FROM audit_event WHERE id = 6");
        assertThat(store.verify().brokenId()).isEqualTo(5); // a row moved into the hole does not fit either
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aPurgeKeepsTheChainVerifiableFromItsAnchor(String which) throws Exception {
        AuditStore store = open(which);
        append(1, 20);
        assertThat(store.purge(8_500, 99_000)).isEqualTo(8);
        assertThat(store.verify()).isEqualTo(new Verification(12, -1, "", 8));
        assertThat(store.tail()).isEqualTo(new AuditStore.Tail(20, hashOf(store, 20)));

        append(21, 25); // a new writer continues after the purge
        assertThat(store.verify()).isEqualTo(new Verification(17, -1, "", 8));
        assertThat(store.purge(8_500, 99_000)).isZero();

        sql("DELETE FROM audit_event WHERE id = 9"); // the first record after the anchor
        assertThat(store.verify().reason()).isEqualTo("record 9 is missing (deleted)");

        // Everything purged: the anchor alone carries the chain on.
        sql("DELETE FROM audit_event");
        sql("DELETE FROM audit_anchor");
        append(1, 3);
        assertThat(store.purge(10_000, 99_000)).isEqualTo(3);
        assertThat(store.verify()).isEqualTo(new Verification(0, -1, "", 3));
        append(4, 4);
        assertThat(store.verify()).isEqualTo(new Verification(1, -1, "", 3));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void exportWritesThePeriodAsJsonLinesInChainOrder(String which) throws Exception {
        AuditStore store = open(which);
        append(1, 20);
        StringWriter out = new StringWriter();
        assertThat(store.export(5_000, 10_000, out)).isEqualTo(5);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("{\"id\":5,\"at\":\"1970-01-01T00:00:05Z\",\"at_ms\":5000,"
                + "\"kind\":\"request\",\"actor\":\"alice\",\"subject\":\"gpt-4o\",\"detail\":{\"outcome\":\"ok\","
                + "\"route\":[\"n5\"]},\"prev_hash\":\"" + hashOf(store, 4) + "\",\"hash\":\"" + hashOf(store, 5)
                + "\"}");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void twoWritersOnOneDatabaseInterleaveIntoOneChain(String which) throws Exception {
        AuditStore store = open(which);
        int each = 3_000;
        try (AuditLog a = AuditLog.over(db, AuditSettings.defaults(), CLOCK);
             AuditLog b = AuditLog.over(db, AuditSettings.defaults(), CLOCK)) {
            Thread ta = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    a.append(new AuditRecord(i, AuditRecord.REQUEST, "a", "m", "{}"));
                }
            });
            Thread tb = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    b.append(new AuditRecord(i, AuditRecord.REQUEST, "b", "m", "{}"));
                }
            });
            ta.join();
            tb.join();
            assertThat(a.flush(Duration.ofSeconds(60))).isTrue();
            assertThat(b.flush(Duration.ofSeconds(60))).isTrue();
            assertThat(a.stats().written() + b.stats().written()).isEqualTo(2L * each);
            assertThat(a.stats().failed() + b.stats().failed()).isZero();
        }
        assertThat(store.verify()).isEqualTo(new Verification(2L * each, -1, "", 0));
    }

    private String hashOf(AuditStore store, long id) throws Exception {
        try (Connection c = db.dataSource().getConnection(); var ps = c.prepareStatement(
                "SELECT hash FROM audit_event WHERE id = ?")) {
            ps.setLong(1, id);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
