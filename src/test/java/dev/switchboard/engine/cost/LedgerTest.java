package dev.switchboard.engine.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.config.BudgetsConfig;
import dev.switchboard.engine.config.LedgerConfig;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.store.Database;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.FakeTicker;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger on an embedded H2 file: batches land, journals left behind are replayed once, torn tails are cut. */
class LedgerTest {
    private static final long NOON = Instant.parse("2026-11-23T12:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private LedgerConfig config() {
        return new LedgerConfig(true, "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), null, null,
                dir.resolve("journal"), 500, Duration.ofMillis(20));
    }

    static CostEvent event(int i) {
        boolean hit = i % 3 == 0;
        return new CostEvent(NOON + i, "user-" + (i % 7), "free", "default", "gpt-4o", "gpt-4o",
                hit ? ServedBy.L1 : ServedBy.PROVIDER, 100 + i % 50, 40, hit ? 0 : 1_250 + i % 97, hit ? 1_250 : 0,
                900);
    }

    @Test
    void everyRecordLandsOnceWithItsTotals() throws Exception {
        long expected = 0;
        try (Ledger ledger = Ledger.open(config(), () -> BudgetsConfig.NONE, InstantSource.fixed(Instant.ofEpochMilli(NOON)))) {
            for (int i = 0; i < 2_345; i++) {
                ledger.record(event(i));
                expected += event(i).costMicros();
            }
            assertThat(ledger.flush(Duration.ofSeconds(20))).isTrue();
            LedgerSnapshot s = ledger.snapshot();
            assertThat(s.budgets().todayMicros()).isEqualTo(expected);
            assertThat(s.recorded()).isEqualTo(2_345);
            assertThat(s.written()).isEqualTo(2_345);
            assertThat(s.pending()).isZero();
            assertThat(s.state()).isEqualTo("UP");
        }
        assertThat(count("SELECT COUNT(*) FROM ledger_event")).isEqualTo(2_345);
        assertThat(count("SELECT SUM(cost_micros) FROM ledger_event")).isEqualTo(expected);
        assertThat(count("SELECT cost_micros FROM spend_total WHERE period_kind = 'D' AND scope = 'all'"))
                .isEqualTo(expected);
        assertThat(count("SELECT requests FROM spend_total WHERE period_kind = 'M' AND scope = 'model' AND name = 'gpt-4o'"))
                .isEqualTo(2_345);
        assertThat(journalFiles()).as("shipped segments are deleted at close").isEmpty();
    }

    @Test
    void aReportFromTheRunningTotalsEqualsOneFromTheRecords() throws Exception {
        try (Ledger ledger = Ledger.open(config(), () -> BudgetsConfig.NONE, InstantSource.system())) {
            for (int i = 0; i < 1_000; i++) {
                CostEvent e = event(i);
                // Three days, so the report has several rows over time.
                ledger.record(new CostEvent(e.atMillis() + (i % 3) * 86_400_000L, e.user(), e.plan(), e.namespace(),
                        e.modelAsked(), i % 4 == 0 ? "gpt-4o-mini" : e.model(), e.servedBy(), e.tokensIn(),
                        e.tokensOut(), e.costMicros(), e.savedMicros(), e.latencyMicros()));
            }
            assertThat(ledger.flush(Duration.ofSeconds(20))).isTrue();
            LedgerQueries q = ledger.queries();
            ReportQuery month = ReportQuery.between(Instant.parse("2026-11-01T00:00:00Z"),
                    Instant.parse("2026-12-01T00:00:00Z"));
            CostReport totals = q.summarize(month);
            CostReport records = q.summarize(new ReportQuery(month.from(), month.to(), null, null, "free"));
            assertThat(totals.overTime()).hasSize(3);
            assertThat(totals.totals().requests()).isEqualTo(1_000).isEqualTo(records.totals().requests());
            assertThat(totals.totals().providerCalls()).isEqualTo(records.totals().providerCalls());
            assertThat(totals.totals().tokensIn()).isEqualTo(records.totals().tokensIn());
            // Exact money: the running totals and the records agree to the micro-dollar, row by row.
            assertThat(totals.totals()).isEqualTo(records.totals());
            assertThat(totals.overTime()).isEqualTo(records.overTime());
            assertThat(totals.byModel()).extracting(CostReport.Row::label)
                    .isEqualTo(records.byModel().stream().map(CostReport.Row::label).toList());
            assertThat(totals.topUsers()).extracting(CostReport.Row::label)
                    .isEqualTo(records.topUsers().stream().map(CostReport.Row::label).toList());
            // Hourly, by user: from the records, and only that user's.
            CostReport alice = q.summarize(new ReportQuery(Instant.ofEpochMilli(NOON - 3_600_000),
                    Instant.ofEpochMilli(NOON + 3_600_000), "user-3", null, null));
            assertThat(alice.bucket()).isEqualTo(Duration.ofHours(1));
            assertThat(alice.topUsers()).extracting(CostReport.Row::label).containsExactly("user-3");
        }
    }

    @Test
    void aJournalLeftByADeadProcessIsWrittenAtTheNextStart() throws Exception {
        // A process that journaled 1,000 records and died before writing any to SQL: its files stay, unlocked.
        Journal dead = Journal.open(Ledger.journalDir(config()), 1 << 16); // small segments: several files
        for (int i = 0; i < 1_000; i++) {
            dead.append(event(i));
        }
        dead.close();
        assertThat(journalFiles()).hasSizeGreaterThan(1);
        try (Ledger ledger = Ledger.open(config(), () -> BudgetsConfig.NONE, InstantSource.system())) {
            assertThat(ledger.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(ledger.snapshot().recovered()).isEqualTo(1_000);
        }
        assertThat(count("SELECT COUNT(*) FROM ledger_event")).isEqualTo(1_000);
        assertThat(journalFiles()).isEmpty();
    }

    @Test
    void aJournalReplayedAgainCountsNothingTwice() throws Exception {
        Journal dead = Journal.open(Ledger.journalDir(config()), 1 << 20);
        for (int i = 0; i < 300; i++) {
            dead.append(event(i));
        }
        dead.close();
        Path copy = Files.createDirectories(dir.resolve("copy"));
        for (Path f : journalFiles()) {
            Files.copy(f, copy.resolve(f.getFileName()));
        }
        try (Ledger ledger = Ledger.open(config(), () -> BudgetsConfig.NONE, InstantSource.system())) {
            assertThat(ledger.flush(Duration.ofSeconds(20))).isTrue();
        }
        // As if the process had died after its rows were committed but before the segment was deleted.
        for (Path f : listDir(copy)) {
            Files.copy(f, Ledger.journalDir(config()).resolve(f.getFileName()));
        }
        try (Ledger ledger = Ledger.open(config(), () -> BudgetsConfig.NONE, InstantSource.system())) {
            assertThat(ledger.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(ledger.snapshot().recovered()).isZero();
        }
        assertThat(count("SELECT COUNT(*) FROM ledger_event")).isEqualTo(300);
        assertThat(count("SELECT requests FROM spend_total WHERE period_kind = 'D' AND scope = 'all'")).isEqualTo(300);
    }

    /** A journal written before exact money (amounts as doubles of USD, "SBJ1") is written in micro-dollars. */
    @Test
    void aJournalFromBeforeExactMoneyIsWrittenInMicroDollars() throws Exception {
        Path dirOfLedger = Files.createDirectories(Ledger.journalDir(config()));
        ByteBuffer seg = ByteBuffer.allocate(1 << 12);
        seg.putInt(0, 0x53424a31).putLong(4, 0x5eedL).putInt(12, 0);
        int at = 32;
        for (int i = 1; i <= 3; i++) {
            ByteBuffer p = ByteBuffer.allocate(256);
            p.putLong(i).putLong(NOON + i).put((byte) ServedBy.PROVIDER.ordinal()).putInt(302).putInt(0)
                    .putDouble((302 * 0.15 + 0 * 0.60) / 1e6).putDouble(0).putLong(900);
            for (String str : new String[] {"alice", "pro", "default", "gpt-4o-mini", "gpt-4o-mini"}) {
                byte[] b = str.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                p.putShort((short) b.length).put(b);
            }
            p.flip();
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(p.duplicate());
            seg.putInt(at, p.remaining()).putInt(at + 4, (int) crc.getValue()).put(at + 8, p, 0, p.remaining());
            at += 8 + p.remaining();
        }
        Files.write(dirOfLedger.resolve("0000000000005eed-000000.journal"), seg.array());
        try (Ledger ledger = Ledger.open(config(), () -> BudgetsConfig.NONE, InstantSource.system())) {
            assertThat(ledger.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(ledger.snapshot().recovered()).isEqualTo(3);
        }
        // 302 tokens at $0.15 per million: 45.3 micro-dollars, 0.000045299999999999997 as the double it was kept in.
        assertThat(count("SELECT SUM(cost_micros) FROM ledger_event")).isEqualTo(3 * 45);
    }

    /** Amounts written as doubles before V4 become whole micro-dollars, rows and running totals alike. */
    @Test
    void theMigrationToExactMoneyRoundsExistingAmountsToMicroDollars() throws Exception {
        try (Database db = Database.open(config().url(), null, null, Duration.ofSeconds(5), 2)) {
            org.flywaydb.core.Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration")
                    .target("2").load().migrate();
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("INSERT INTO ledger_event VALUES (1, 1, 0, 'alice', 'pro', 'default', 'gpt-4o-mini',"
                        + " 'gpt-4o-mini', 'PROVIDER', 302, 0, 0.000045299999999999997, 0.0000015, 900)");
                st.execute("INSERT INTO spend_total VALUES ('D', '1970-01-01', 'all', '*', 12.3456785, 0.1, 1, 1,"
                        + " 302, 0)");
            }
        }
        try (Ledger ledger = Ledger.open(config(), () -> BudgetsConfig.NONE, InstantSource.system())) {
            assertThat(ledger.flush(Duration.ofSeconds(20))).isTrue();
            List<LedgerRow> rows = new ArrayList<>();
            ledger.queries().exportUser("alice", rows::add);
            assertThat(rows).singleElement().satisfies(r -> {
                assertThat(r.costMicros()).isEqualTo(45);
                assertThat(r.savedMicros()).isEqualTo(2);
            });
        }
        assertThat(count("SELECT cost_micros FROM spend_total")).isEqualTo(12_345_679);
        assertThat(count("SELECT saved_micros FROM spend_total")).isEqualTo(100_000);
    }

    @Test
    void aTornLastRecordIsCutAndTheRestKept() throws Exception {
        Journal dead = Journal.open(Ledger.journalDir(config()), 1 << 20);
        for (int i = 0; i < 50; i++) {
            dead.append(event(i));
        }
        dead.close();
        Path seg = journalFiles().get(0);
        // Find the last record and flip a byte inside it, as a process killed mid-copy would leave it.
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size());
            int at = 32;
            int last = at;
            while (map.getInt(at) > 0) {
                last = at;
                at += 8 + map.getInt(at);
            }
            map.put(last + 20, (byte) (map.get(last + 20) ^ 0x5a));
        }
        try (Ledger ledger = Ledger.open(config(), () -> BudgetsConfig.NONE, InstantSource.system())) {
            assertThat(ledger.flush(Duration.ofSeconds(20))).isTrue();
        }
        assertThat(count("SELECT COUNT(*) FROM ledger_event")).isEqualTo(49);
    }

    @Test
    void recordsWaitInTheJournalWhileTheDatabaseIsUnreachable() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");
        LedgerConfig broken = new LedgerConfig(true, "jdbc:h2:file:" + blocker.toAbsolutePath() + "/db", null, null,
                dir.resolve("journal"), 500, Duration.ofMillis(20));
        try (Ledger ledger = Ledger.open(broken, () -> BudgetsConfig.NONE, InstantSource.system())) {
            for (int i = 0; i < 100; i++) {
                ledger.record(event(i));
            }
            assertThat(ledger.flush(Duration.ofMillis(500))).isFalse();
            dev.switchboard.testsupport.Await.until(Duration.ofSeconds(20), "the ledger to report DOWN",
                    () -> ledger.snapshot().state().equals("DOWN"));
            LedgerSnapshot s = ledger.snapshot();
            assertThat(s.reason()).isNotEmpty();
            assertThat(s.pending()).isEqualTo(100);
        }
        assertThat(listDir(Ledger.journalDir(broken))).as("kept for the next start").hasSize(1);
        Files.delete(blocker); // the database is back
        try (Ledger ledger = Ledger.open(broken, () -> BudgetsConfig.NONE, InstantSource.system())) {
            assertThat(ledger.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(ledger.snapshot().recovered()).isEqualTo(100);
        }
        try (Database db = Database.open(broken.url(), null, null, Duration.ofSeconds(5), 1);
             Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM ledger_event")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(100);
        }
    }

    @Test
    void aRecordAfterCloseIsRefusedNotLost() throws Exception {
        Ledger ledger = Ledger.open(config(), () -> BudgetsConfig.NONE, InstantSource.system());
        ledger.record(event(1));
        ledger.close();
        // HikariCP's ConcurrentBag.add is the model: a closed component says so rather than drop the work.
        assertThatThrownBy(() -> ledger.record(event(2))).isInstanceOf(IllegalStateException.class)
                .hasMessage("ledger is closed");
        assertThat(ledger.snapshot().refused()).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM ledger_event")).isEqualTo(1);
        assertThat(journalFiles()).as("nothing appended to a journal after close").isEmpty();

        Ledger off = Ledger.open(LedgerConfig.OFF, () -> BudgetsConfig.NONE, InstantSource.system());
        off.close();
        assertThatThrownBy(() -> off.record(event(3))).isInstanceOf(IllegalStateException.class)
                .hasMessage("ledger is closed");
        assertThat(off.snapshot().refused()).isEqualTo(1);
    }

    /**
     * Every answer passes through {@link Journal#append}; a virtual thread inside a monitor ({@code synchronized})
     * while it maps a new segment pins its carrier thread on JDK 21. With the journal's monitor held here, a
     * {@code synchronized} append blocks (BLOCKED); one under a ReentrantLock runs through, rolling segments too.
     */
    @Test
    void appendingDoesNotHoldTheJournalsMonitor() throws Exception {
        Journal journal = Journal.open(Ledger.journalDir(config()), 1 << 12); // tiny segments: the appends roll
        Thread t;
        synchronized (journal) {
            t = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 100; i++) {
                    journal.append(event(i));
                }
            });
            // A synchronized append could never finish while the monitor is held here. (Watching for BLOCKED was
            // flaky: a moment's wait on a class loader's monitor is BLOCKED too.)
            t.join(Duration.ofSeconds(30));
            assertThat(t.isAlive()).as("the appends finished while the journal's monitor was held here").isFalse();
        }
        t.join();
        assertThat(journal.segments()).hasSizeGreaterThan(1);
        journal.close();
    }

    @Test
    void theNextSegmentIsMappedAheadAndTakenInOrder() throws Exception {
        Journal journal = Journal.open(Ledger.journalDir(config()), 1 << 12);
        int i = 0;
        journal.prepareSpare(); // the active segment is empty: nothing mapped yet
        assertThat(journalFiles()).hasSize(1);
        boolean mappedAhead = false;
        while (journal.segments().size() == 1) {
            journal.append(event(i++));
            journal.prepareSpare();
            mappedAhead |= journal.segments().size() == 1 && journalFiles().size() == 2;
        }
        assertThat(mappedAhead).as("the second file existed before the first was full").isTrue();
        assertThat(journal.segments()).extracting(sg -> sg.number).containsExactly(0, 1);
        journal.close();
        // Read back as a dead process's journal: every record, in sequence order, across both segments.
        long seq = 0;
        for (Journal.Segment sg : Journal.recoverOrphans(Ledger.journalDir(config()))) {
            Journal.Record r = new Journal.Record();
            for (int at = 32; at < sg.end; ) {
                at = Journal.read(sg, at, r);
                assertThat(r.seq).isEqualTo(++seq);
            }
            sg.delete();
        }
        assertThat(seq).isEqualTo(i);
    }

    /**
     * A record the database refuses for its data (a model name longer than the column) must not stop the ledger:
     * it is found by splitting the batch, set aside in ledger_rejected with the reason, and the rest is written.
     */
    @Test
    void aRecordTheDatabaseCannotTakeIsSetAsideAndTheRestIsWritten() throws Exception {
        String tooLong = "m".repeat(80);
        try (Ledger ledger = Ledger.open(config(), () -> BudgetsConfig.NONE, InstantSource.system())) {
            for (int i = 0; i < 1_000; i++) {
                ledger.record(i == 417 ? withModel(event(i), tooLong) : event(i));
            }
            assertThat(ledger.flush(Duration.ofSeconds(20))).as("the writer goes on past the bad record").isTrue();
            ledger.record(event(1_000));
            assertThat(ledger.flush(Duration.ofSeconds(20))).isTrue();
            LedgerSnapshot s = ledger.snapshot();
            assertThat(s.state()).isEqualTo("UP");
            assertThat(s.written()).isEqualTo(1_000);
            assertThat(s.pending()).isZero();
            assertThat(s.rejected()).isEqualTo(1);
            assertThat(s.lastRejection()).containsIgnoringCase("too long");
        }
        assertThat(count("SELECT COUNT(*) FROM ledger_event")).isEqualTo(1_000);
        assertThat(count("SELECT requests FROM spend_total WHERE period_kind = 'D' AND scope = 'all'")).isEqualTo(1_000);
        assertThat(count("SELECT COUNT(*) FROM ledger_rejected WHERE seq = 418")).isEqualTo(1);
        assertThat(string("SELECT event FROM ledger_rejected")).contains("\"model\":\"" + tooLong + "\"");
        assertThat(string("SELECT reason FROM ledger_rejected")).containsIgnoringCase("too long");
    }

    @Test
    void onlyARefusalForTheDataSetsRecordsAside() {
        assertThat(Ledger.refusedForItsData(new SQLException("value too long", "22001"))).isTrue();
        assertThat(Ledger.refusedForItsData(new SQLException("duplicate key", "23505"))).isTrue();
        java.sql.BatchUpdateException batch = new java.sql.BatchUpdateException("batch failed", "HY000", new int[0]);
        batch.setNextException(new SQLException("value too long", "22001"));
        assertThat(Ledger.refusedForItsData(batch)).isTrue();
        // The database's state, not the rows: retried, never set aside.
        assertThat(Ledger.refusedForItsData(new SQLRecoverableException("connection reset", "08006"))).isFalse();
        assertThat(Ledger.refusedForItsData(new SQLException("relation does not exist", "42P01"))).isFalse();
        assertThat(Ledger.refusedForItsData(new SQLException("deadlock detected", "40P01"))).isFalse();
        assertThat(Ledger.refusedForItsData(new SQLException("no state"))).isFalse();
    }

    static CostEvent withModel(CostEvent e, String model) {
        return new CostEvent(e.atMillis(), e.user(), e.plan(), e.namespace(), e.modelAsked(), model, e.servedBy(),
                e.tokensIn(), e.tokensOut(), e.costMicros(), e.savedMicros(), e.latencyMicros());
    }

    /**
     * The transaction committed but its reply never arrived (the connection dropped after COMMIT): the retry must
     * not write the batch again, and must not fail on it forever either.
     */
    @Test
    void aBatchWhoseCommitReplyWasLostIsNotWrittenTwice() throws Exception {
        FakeTicker ticker = new FakeTicker();
        AtomicBoolean loseNextReply = new AtomicBoolean(true);
        long expected = 0;
        try (Ledger ledger = Ledger.open(config(), () -> BudgetsConfig.NONE,
                InstantSource.fixed(Instant.ofEpochMilli(NOON)), ticker, ds -> lostReplies(ds, loseNextReply))) {
            for (int i = 0; i < 1_200; i++) {
                ledger.record(event(i));
                expected += event(i).costMicros();
            }
            Await.until(Duration.ofSeconds(20), "the commit whose reply is lost",
                    () -> !loseNextReply.get() && ledger.snapshot().state().equals("DOWN"));
            ticker.advance(Duration.ofSeconds(2)); // past the retry backoff
            Await.until(Duration.ofSeconds(20), "every record written",
                    () -> ledger.snapshot().pending() == 0 && ledger.snapshot().state().equals("UP"));
            LedgerSnapshot s = ledger.snapshot();
            assertThat(s.written()).isEqualTo(1_200);
            assertThat(s.budgets().todayMicros()).as("the lost batch's spend counted once").isEqualTo(expected);
        }
        assertThat(count("SELECT COUNT(*) FROM ledger_event")).isEqualTo(1_200);
        assertThat(count("SELECT requests FROM spend_total WHERE period_kind = 'D' AND scope = 'all'")).isEqualTo(1_200);
    }

    /**
     * A batch with a poison record is bisected: its first half commits (and lands in the budget book), then a later
     * half fails for the connection, not its data. The retry finds the first half in SQL already; its spend must not
     * land in the book a second time (budgets would under-count the rest of the day).
     */
    @Test
    void aBisectInterruptedByAConnectionFailureCountsItsSpendOnce() throws Exception {
        FakeTicker ticker = new FakeTicker();
        java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean(false);
        java.util.concurrent.atomic.AtomicInteger commits = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.UnaryOperator<DataSource> flaky = ds -> (DataSource) Proxy.newProxyInstance(
                LedgerTest.class.getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, args) -> {
                    if (m.getName().equals("getConnection") && !up.get()) {
                        throw new java.sql.SQLTransientConnectionException("connection refused (test)", "08001");
                    }
                    Object out = invoke(ds, m, args);
                    if (!m.getName().equals("getConnection")) {
                        return out;
                    }
                    Connection real = (Connection) out;
                    // Counts the commits of transactions that wrote ledger rows: the second such is lost.
                    boolean[] writesRows = {false};
                    return Proxy.newProxyInstance(LedgerTest.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (cp, cm, cargs) -> {
                                if (cm.getName().equals("prepareStatement") && String.valueOf(cargs[0])
                                        .toLowerCase(java.util.Locale.ROOT).contains("into ledger_event")) {
                                    writesRows[0] = true;
                                }
                                if (cm.getName().equals("commit") && writesRows[0]) {
                                    writesRows[0] = false;
                                    if (commits.incrementAndGet() == 2) {
                                        real.rollback();
                                        throw new SQLRecoverableException("I/O error: connection reset (test)",
                                                "08006");
                                    }
                                }
                                if (cm.getName().equals("rollback")) {
                                    writesRows[0] = false;
                                }
                                return invoke(real, cm, cargs);
                            });
                });
        long expected = 0;
        try (Ledger ledger = Ledger.open(config(), () -> BudgetsConfig.NONE,
                InstantSource.fixed(Instant.ofEpochMilli(NOON)), ticker, flaky)) {
            // Journaled while the database is away, so the first batch is exactly 500 records, the bad one among them.
            for (int i = 0; i < 500; i++) {
                CostEvent e = i == 400 ? withModel(event(i), "m".repeat(80)) : event(i);
                ledger.record(e);
                expected += e.costMicros();
            }
            up.set(true);
            // Each look moves time past the writer's retry backoff.
            Await.until(Duration.ofSeconds(20), "every record written or set aside", () -> {
                ticker.advance(Duration.ofSeconds(2));
                LedgerSnapshot now = ledger.snapshot();
                return commits.get() > 2 && now.pending() == 0 && now.rejected() == 1;
            });
            // Let the writer refresh the totals from SQL a few times: a double landing shows once committed is
            // replaced by the truth and the over-subtracted unshipped spend remains.
            int[] looks = {0};
            Await.until(Duration.ofSeconds(20), "a few refreshes", () -> {
                ticker.advance(Duration.ofMillis(1_100));
                return ++looks[0] >= 30;
            });
            LedgerSnapshot s = ledger.snapshot();
            assertThat(s.rejected()).isEqualTo(1);
            assertThat(s.written()).isEqualTo(499);
            assertThat(s.budgets().todayMicros()).as("each record's spend counted once, the set-aside one too")
                    .isEqualTo(expected);
        }
        assertThat(count("SELECT COUNT(*) FROM ledger_event")).isEqualTo(499);
    }

    /**
     * Two ledgers on different databases, one journal root: what one journaled and could not write belongs to its
     * database and no other. The other ledger's start must not write it into its own.
     */
    @Test
    void aJournalIsWrittenOnlyToTheDatabaseItWasKeptFor() throws Exception {
        LedgerConfig a = config();
        LedgerConfig b = new LedgerConfig(true, "jdbc:h2:file:" + dir.resolve("other").toAbsolutePath(), null, null,
                a.journal(), 500, Duration.ofMillis(20));
        try (Ledger ledger = Ledger.open(a, () -> BudgetsConfig.NONE, InstantSource.system(), new FakeTicker(),
                unreachable())) {
            for (int i = 0; i < 100; i++) {
                ledger.record(event(i));
            }
        } // closed without writing a row: the 100 stay in the journal
        try (Ledger other = Ledger.open(b, () -> BudgetsConfig.NONE, InstantSource.system())) {
            assertThat(other.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(other.snapshot().recovered()).isZero();
        }
        try (Database db = Database.open(b.url(), null, null, Duration.ofSeconds(5), 2);
             Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM ledger_event")) {
            rs.next();
            assertThat(rs.getLong(1)).as("nothing of the first ledger's in the other database").isZero();
        }
        try (Ledger again = Ledger.open(a, () -> BudgetsConfig.NONE, InstantSource.system())) {
            assertThat(again.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(again.snapshot().recovered()).isEqualTo(100);
        }
        assertThat(count("SELECT COUNT(*) FROM ledger_event")).isEqualTo(100);
    }

    /** A database that is there (migrations run) but refuses every connection the writer asks for. */
    static java.util.function.UnaryOperator<DataSource> unreachable() {
        return ds -> (DataSource) Proxy.newProxyInstance(LedgerTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (p, m, args) -> {
                    if (m.getName().equals("getConnection")) {
                        throw new java.sql.SQLTransientConnectionException("connection refused (test)", "08001");
                    }
                    return invoke(ds, m, args);
                });
    }

    /** Connections whose commit goes through, then throws as a dropped connection would, once per flag. */
    private static DataSource lostReplies(DataSource ds, AtomicBoolean loseNextReply) {
        return (DataSource) Proxy.newProxyInstance(LedgerTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (p, m, args) -> {
                    Object out = invoke(ds, m, args);
                    if (!m.getName().equals("getConnection")) {
                        return out;
                    }
                    Connection real = (Connection) out;
                    return Proxy.newProxyInstance(LedgerTest.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (cp, cm, cargs) -> {
                                Object r = invoke(real, cm, cargs);
                                if (cm.getName().equals("commit") && loseNextReply.compareAndSet(true, false)) {
                                    throw new SQLRecoverableException("I/O error: connection reset (after COMMIT)",
                                            "08006");
                                }
                                return r;
                            });
                });
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private List<Path> journalFiles() throws IOException {
        return listDir(Ledger.journalDir(config()));
    }

    private static List<Path> listDir(Path d) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d, "*.journal")) {
            s.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    private String string(String sql) throws SQLException {
        try (Database db = Database.open(config().url(), null, null, Duration.ofSeconds(5), 1);
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private long count(String sql) throws SQLException {
        try (Database db = Database.open(config().url(), null, null, Duration.ofSeconds(5), 1);
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aRotatedPasswordKeepsTheJournalFolderAndTheFolderNameHidesThePassword() {
        Path root = Path.of("/tmp/journals");
        LedgerConfig before = new LedgerConfig(true, "postgresql://app:old-secret@db:5432/sb", null, null, root, 5_000,
                Duration.ofMillis(200));
        LedgerConfig after = new LedgerConfig(true, "postgresql://app:new-secret@db:5432/sb", null, null, root, 5_000,
                Duration.ofMillis(200));
        LedgerConfig other = new LedgerConfig(true, "postgresql://app:old-secret@db:5432/other", null, null, root,
                5_000, Duration.ofMillis(200));
        assertThat(Ledger.journalDir(after)).as("records journaled before the rotation are still found")
                .isEqualTo(Ledger.journalDir(before));
        assertThat(Ledger.journalDir(other)).isNotEqualTo(Ledger.journalDir(before));
    }
}
