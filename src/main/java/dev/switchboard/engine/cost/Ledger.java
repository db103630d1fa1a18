package dev.switchboard.engine.cost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchboard.engine.clock.Ticker;
import dev.switchboard.engine.config.BudgetsConfig;
import dev.switchboard.engine.config.LedgerConfig;
import dev.switchboard.store.BulkInsert;
import dev.switchboard.store.Database;
import dev.switchboard.store.Failures;
import dev.switchboard.store.Urls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 11 of the request path: every answered request is recorded with its cost. {@link #record} appends to the
 * local {@link Journal} (a memory copy, nothing lost if the process dies); one background thread writes the journal
 * to SQL in batches, each batch with its running totals and its journal checkpoint in one transaction, so a
 * record is counted exactly once even when a journal is replayed after a crash. The same thread reads everyone's
 * totals back every second, which is how budgets are shared across instances.
 */
public final class Ledger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    private static final long DAY_MILLIS = 86_400_000L;
    private static final int SEGMENT_BYTES = 32 << 20;
    private static final Duration REFRESH = Duration.ofSeconds(1);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final List<String> EVENT_COLUMNS = List.of("journal_id", "seq", "at_ms", "user_name", "plan",
            "namespace", "model_asked", "model", "served_by", "tokens_in", "tokens_out", "cost_micros", "saved_micros",
            "latency_us");
    private static final Duration CLOSE_DRAIN = Duration.ofSeconds(5);
    private static final int REASON_MAX = 1000;
    /** Set-aside records as JSON: ASCII only, so the dead-letter row cannot fail for the bytes that sank the record. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final LedgerConfig config;
    private final InstantSource clock;
    /** Elapsed time for intervals, deadlines and backoff; tests hand in a FakeTicker. */
    private final Ticker ticker;
    private final SpendBook book = new SpendBook();
    private final Budgets budgets;
    private final Database db;
    /** The ledger's connections: the pool's, or the pool's wrapped by a test to inject faults. */
    private final DataSource ds;
    private final Journal journal;
    private final ConcurrentLinkedDeque<Journal.Segment> orphans = new ConcurrentLinkedDeque<>();
    /**
     * How far each journal is in SQL, as last read or written by this writer. Forgotten after any failure: a
     * commit whose reply was lost may have landed, and only ledger_journal knows.
     */
    private final Map<Long, Long> checkpoints = new HashMap<>();
    private final Thread shipper;
    private final LongAdder recorded = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final AtomicLong shippedOwn = new AtomicLong();
    /**
     * Per journal, the last sequence number whose spend the book has already taken (landed, or set aside and kept
     * counted): a bisect whose later half failed had landed its first halves, and the retry must not land them again.
     */
    private final ConcurrentHashMap<Long, Long> booked = new ConcurrentHashMap<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong recovered = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile String lastRejection = "";
    private final String addTotal;
    private final String checkpoint;
    private volatile boolean running = true;
    private volatile boolean closed;
    private volatile String state;
    private volatile String reason = "";
    private volatile boolean lostLogged;
    private long lastRefresh;
    private long lastForce;

    private Ledger(LedgerConfig config, Supplier<BudgetsConfig> budgetsConfig, InstantSource clock, Ticker ticker,
                   Database db, UnaryOperator<DataSource> connections, Journal journal) {
        this.config = config;
        this.clock = clock;
        this.ticker = ticker;
        // Due at once: the first pass of the writer refreshes the totals and forces the journal.
        this.lastRefresh = ticker.read() - REFRESH.toNanos();
        this.lastForce = lastRefresh;
        this.budgets = new Budgets(budgetsConfig, book, clock);
        this.db = db;
        this.ds = db == null ? null : connections.apply(db.dataSource());
        this.journal = journal;
        if (journal != null) {
            checkpoints.put(journal.id(), 0L); // a new journal: nothing of it is in SQL yet
        }
        this.state = db == null ? "OFF" : "STARTING";
        if (db != null) {
            java.util.LinkedHashMap<String, String> keys = new java.util.LinkedHashMap<>();
            keys.put("period_kind", "CHAR(1)");
            keys.put("period_start", "VARCHAR(10)");
            keys.put("scope", "VARCHAR(8)");
            keys.put("name", "VARCHAR(128)");
            java.util.LinkedHashMap<String, String> sums = new java.util.LinkedHashMap<>();
            sums.put("cost_micros", "BIGINT");
            sums.put("saved_micros", "BIGINT");
            sums.put("requests", "BIGINT");
            sums.put("provider_calls", "BIGINT");
            sums.put("tokens_in", "BIGINT");
            sums.put("tokens_out", "BIGINT");
            addTotal = db.dialect().addTo("spend_total", keys, sums);
            checkpoint = db.dialect().upsert("ledger_journal", "journal_id", "journal_id", "shipped_seq", "updated_ms");
            shipper = Thread.ofPlatform().name("ledger-writer").daemon().unstarted(this::run);
        } else {
            addTotal = checkpoint = null;
            shipper = null;
        }
    }

    /**
     * Opens the ledger: claims journals left by processes that died (they are written first), starts a journal of
     * its own and the writer thread. Never fails because the database is down: records wait in the journal.
     */
    public static Ledger open(LedgerConfig config, Supplier<BudgetsConfig> budgets, InstantSource clock) {
        return open(config, budgets, clock, Ticker.system());
    }

    /** As {@link #open(LedgerConfig, Supplier, InstantSource)}, measuring intervals and deadlines by {@code ticker}. */
    public static Ledger open(LedgerConfig config, Supplier<BudgetsConfig> budgets, InstantSource clock,
                              Ticker ticker) {
        return open(config, budgets, clock, ticker, UnaryOperator.identity());
    }

    /** As above, with the ledger's connections passed through {@code connections} (tests inject faults there). */
    static Ledger open(LedgerConfig config, Supplier<BudgetsConfig> budgets, InstantSource clock, Ticker ticker,
                       UnaryOperator<DataSource> connections) {
        if (!config.enabled()) {
            return new Ledger(config, budgets, clock, ticker, null, connections, null);
        }
        Database db = Database.open(config.url(), config.user(), config.password(), Duration.ofSeconds(5), 2);
        // Each database has its own journal folder: records journaled for one are never written into another.
        Path dir = journalDir(config);
        List<Journal.Segment> found;
        Journal journal;
        try {
            found = Journal.recoverOrphans(dir);
            journal = Journal.open(dir, SEGMENT_BYTES);
        } catch (IOException | RuntimeException e) {
            db.close();
            if (e instanceof IOException io) {
                throw new java.io.UncheckedIOException("cannot read the ledger journal in " + dir + ": "
                        + e.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
        warnOfUnkeyedSegments(config.journal(), dir, db.describe());
        Ledger ledger = new Ledger(config, budgets, clock, ticker, db, connections, journal);
        ledger.orphans.addAll(found);
        if (!found.isEmpty()) {
            LOG.info("ledger: {} journal segment(s) left by a process that stopped; writing them to {}", found.size(),
                    db.describe());
        }
        ledger.shipper.start();
        return ledger;
    }

    /**
     * The journal folder of the ledger on {@code config}'s database: {@code journal/<12 hex>/}, the first 48 bits of
     * SHA-256 over the URL (its password masked) and the user as configured. Recovery reads only this folder, so records journaled for
     * one database are never written into another (two spellings of one URL get two folders: each is still
     * written, by a ledger configured the same way).
     */
    static Path journalDir(LedgerConfig config) {
        try {
            // The URL with its password masked: a rotated password must not strand the journal in another folder,
            // and the folder's name must not let anyone test password guesses.
            byte[] h = MessageDigest.getInstance("SHA-256").digest((Urls.redact(config.url()) + "\n"
                    + (config.user() == null ? "" : config.user())).getBytes(StandardCharsets.UTF_8));
            return config.journal().resolve(HexFormat.of().formatHex(h, 0, 6));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Segments directly in the journal root were written before journals were kept per database; which database
     * they belong to is unknown, so they are not written anywhere by themselves. Says so, and what to do.
     */
    private static void warnOfUnkeyedSegments(Path root, Path mine, String database) {
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(root, "*" + Journal.SUFFIX)) {
            int n = 0;
            for (Path ignored : files) {
                n++;
            }
            if (n > 0) {
                LOG.warn("ledger: {} journal segment(s) in {} from a version that shared one folder between databases"
                        + " are not written automatically; if they belong to {}, move them into {} (they are"
                        + " written at the next start)", n, root,
                        database, mine);
            }
        } catch (IOException e) {
            LOG.debug("ledger: cannot list {}: {}", root, e.getMessage());
        }
    }

    /** Whether records are kept (a journal and a database behind it), not only counted against budgets. */
    public boolean durable() {
        return journal != null;
    }

    /**
     * Records one answered request. Called on the request path: a memory copy and a few counters.
     *
     * @throws IllegalStateException once the ledger is closed: the record would be lost, so it is refused (and
     *                               counted) instead of dropped
     */
    public void record(CostEvent e) {
        if (closed) {
            throw refuse();
        }
        if (journal != null) {
            try {
                journal.append(e);
                recorded.increment();
            } catch (IllegalStateException closedJournal) {
                if (closed) {
                    throw refuse(); // close() won the race after the check above
                }
                journalFailed(closedJournal);
            } catch (RuntimeException ex) {
                journalFailed(ex);
            }
        }
        if (e.costMicros() > 0) {
            book.spend(LocalDate.ofEpochDay(Math.floorDiv(e.atMillis(), DAY_MILLIS)), e.user(), e.costMicros());
        }
    }

    private void journalFailed(RuntimeException ex) {
        // The journal is the ledger's durability; without it the record is lost, and that must show.
        lost.increment();
        state = "FAILED";
        reason = "journal: " + ex.getMessage();
        if (!lostLogged) {
            lostLogged = true;
            LOG.error("ledger journal cannot be written; records are being lost: {}", ex.getMessage());
        }
    }

    private IllegalStateException refuse() {
        refused.increment();
        return new IllegalStateException("ledger is closed");
    }

    public Budgets budgets() {
        return budgets;
    }

    /** Reports and privacy requests over this ledger's database; null when the ledger is off. */
    public LedgerQueries queries() {
        return db == null ? null : new LedgerQueries(db);
    }

    public LedgerSnapshot snapshot() {
        long rec = recorded.sum();
        return new LedgerSnapshot(state, reason, rec, written.get(), Math.max(0, rec - shippedOwn.get()),
                recovered.get(), lost.sum(), refused.sum(), rejected.get(), lastRejection,
                db == null ? "" : db.describe(), budgets.snapshot());
    }

    /**
     * Waits until every record journaled so far (and every recovered journal) is in SQL.
     *
     * @return false when {@code timeout} (by the ledger's ticker) passed first (the database is down or slow)
     */
    public boolean flush(Duration timeout) {
        if (shipper == null) {
            return true;
        }
        long deadline = ticker.read() + timeout.toNanos();
        while (pending() > 0) {
            if (ticker.read() - deadline > 0) {
                return false;
            }
            LockSupport.unpark(shipper);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        return true;
    }

    private long pending() {
        return Math.max(0, recorded.sum() - shippedOwn.get()) + (orphans.isEmpty() ? 0 : 1);
    }

    private void run() {
        long idleNanos = config.flushInterval().toNanos();
        long closingDeadline = 0;
        boolean closing = false;
        while (true) {
            if (!running && !closing) {
                closing = true;
                closingDeadline = ticker.read() + CLOSE_DRAIN.toNanos();
            }
            try {
                journal.prepareSpare();
            } catch (RuntimeException e) {
                // The append that needs the segment maps it itself, and reports the failure if it recurs.
                LOG.debug("ledger: cannot map the next journal segment ahead: {}", e.getMessage());
            }
            int shipped;
            try {
                db.ensureReady();
                shipped = shipBatch();
                if (!"FAILED".equals(state)) {
                    state = "UP";
                    reason = "";
                }
                housekeeping();
            } catch (SQLException | RuntimeException e) {
                if (!"DOWN".equals(state)) {
                    LOG.warn("ledger: cannot write to {}: {}; records wait in the journal", db.describe(),
                            Failures.oneLine(e));
                }
                state = "DOWN";
                reason = Failures.oneLine(e);
                // The failed transaction may have committed after all (a lost reply): reread before retrying.
                checkpoints.clear();
                if (closing) {
                    // Closing does not wait out an outage: what is left stays in the journal for the next start.
                    return;
                }
                waitUntil(ticker.read() + RETRY.toNanos(), idleNanos);
                continue;
            }
            if (closing && (pending() == 0 || ticker.read() - closingDeadline > 0)) {
                return;
            }
            if (shipped < config.batchSize() && running) {
                LockSupport.parkNanos(idleNanos);
            }
        }
    }

    /**
     * Backs off until {@code at} by the ticker, parking in steps of at most {@code step} so a fake ticker moved by
     * a test is noticed; returns early when the ledger is closing.
     */
    private void waitUntil(long at, long step) {
        for (long left = at - ticker.read(); left > 0 && running; left = at - ticker.read()) {
            LockSupport.parkNanos(Math.min(left, step));
        }
    }

    private void housekeeping() throws SQLException {
        long now = ticker.read();
        if (now - lastRefresh >= REFRESH.toNanos()) {
            lastRefresh = now;
            refreshTotals();
            budgets.evaluate();
        }
        if (now - lastForce >= REFRESH.toNanos()) {
            lastForce = now;
            journal.force();
        }
    }

    /** Writes one batch from the oldest source; returns how many records it wrote (0 when nothing waits). */
    private int shipBatch() throws SQLException {
        Journal.Segment seg = orphans.peekFirst();
        boolean own = seg == null;
        if (own) {
            List<Journal.Segment> mine = journal.segments();
            seg = mine.get(0);
            if (seg.fullyShipped() && mine.size() > 1) {
                journal.retire(seg);
                seg = mine.get(1);
            }
        }
        // Records up to the checkpoint are in SQL already: written before a crash, or by a commit whose reply was
        // lost. The batch starts after them, so a retry never hits the primary key.
        long skipUpTo = checkpoint(seg.journalId);
        int end = seg.end;
        int at = seg.shipped;
        List<Journal.Record> batch = new ArrayList<>();
        List<CostEvent> alreadyIn = new ArrayList<>();
        List<CostEvent> toBook = new ArrayList<>();
        long bookedUpTo = booked.getOrDefault(seg.journalId, Long.MIN_VALUE);
        Journal.Record r = new Journal.Record();
        while (at < end && batch.size() < config.batchSize()) {
            at = Journal.read(seg, at, r);
            if (r.seq > skipUpTo) {
                batch.add(r);
                r = new Journal.Record();
            } else if (own) {
                alreadyIn.add(r.event);
                if (r.seq > bookedUpTo) {
                    toBook.add(r.event);
                }
            }
        }
        int setAside = batch.isEmpty() ? 0 : writeOrIsolate(seg.journalId, batch, own);
        seg.shipped = at;
        if (own) {
            if (!alreadyIn.isEmpty()) {
                // This instance's records whose commit reply was lost: written after all, so they land in the book
                // now (counted in committed until the next refresh reads them from SQL: over, never under).
                book.landed(costs(totalsOf(toBook)), true);
                written.addAndGet(alreadyIn.size());
                LOG.info("ledger: {} record(s) of journal {} were in SQL already (a commit whose reply was lost)",
                        alreadyIn.size(), Long.toHexString(seg.journalId));
            }
            shippedOwn.addAndGet(batch.size() + alreadyIn.size());
        } else {
            recovered.addAndGet(batch.size() - setAside);
            if (seg.fullyShipped()) {
                orphans.pollFirst();
                seg.delete();
                LOG.info("ledger: recovered journal segment {} written", seg.file.getFileName());
            }
        }
        written.addAndGet(batch.size() - setAside);
        return batch.size();
    }

    /**
     * Writes {@code batch}. When SQL refuses it for its data (not for an outage), it is split in halves until the
     * records it refuses are alone, and those are set aside in ledger_rejected: one bad record costs a few more
     * transactions, never the ledger. Halves go in order, so the checkpoint only moves forward.
     *
     * @return how many records were set aside
     */
    private int writeOrIsolate(long journalId, List<Journal.Record> batch, boolean own) throws SQLException {
        try {
            write(journalId, batch, own);
            return 0;
        } catch (SQLException e) {
            if (!refusedForItsData(e)) {
                throw e;
            }
            if (batch.size() == 1) {
                reject(journalId, batch.get(0), e);
                return 1;
            }
            int half = batch.size() / 2;
            return writeOrIsolate(journalId, batch.subList(0, half), own)
                    + writeOrIsolate(journalId, batch.subList(half, batch.size()), own);
        }
    }

    /**
     * True when the database refused the statement for the values in it (SQLSTATE class 22, data exception, or 23,
     * integrity constraint): the same rows would fail every time. Anything else (the connection, a lock, a missing
     * table or privilege) is the database's state, and worth a retry.
     */
    static boolean refusedForItsData(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s) {
                for (SQLException n = s; n != null; n = n.getNextException()) {
                    String state = n.getSQLState();
                    if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Sets one record aside with why SQL refused it, and moves the checkpoint past it, in one transaction. */
    private void reject(long journalId, Journal.Record rec, SQLException why) throws SQLException {
        String reason = reasonOf(why);
        String json;
        try {
            json = JSON.writeValueAsString(rec.event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a ledger record as JSON", e);
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO ledger_rejected (journal_id, seq, at_ms,"
                    + " rejected_ms, reason, event) VALUES (?, ?, ?, ?, ?, ?)");
                 PreparedStatement cp = c.prepareStatement(checkpoint)) {
                ins.setLong(1, journalId);
                ins.setLong(2, rec.seq);
                ins.setLong(3, rec.event.atMillis());
                ins.setLong(4, clock.millis());
                ins.setString(5, reason);
                ins.setString(6, json);
                ins.executeUpdate();
                cp.setLong(1, journalId);
                cp.setLong(2, rec.seq);
                cp.setLong(3, clock.millis());
                cp.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException broken) {
                    e.addSuppressed(broken);
                }
                throw e;
            }
        }
        checkpoints.put(journalId, rec.seq);
        booked.merge(journalId, rec.seq, Math::max);
        rejected.incrementAndGet();
        lastRejection = reason;
        LOG.warn("ledger: record {}-{} refused by {} and set aside in ledger_rejected: {}",
                Long.toHexString(journalId), rec.seq, db.describe(), reason);
    }

    /** The database's own words, on one line without row values or secrets, short enough for its column. */
    private static String reasonOf(SQLException e) {
        String m = Failures.oneLine(e);
        String state = e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]";
        m = m.replaceAll("\\p{Cntrl}+", " ").strip() + state;
        return m.length() <= REASON_MAX ? m : m.substring(0, REASON_MAX - 3) + "...";
    }

    /** The last sequence number of {@code journalId} in SQL: known, or read from ledger_journal. */
    private long checkpoint(long journalId) throws SQLException {
        Long known = checkpoints.get(journalId);
        if (known != null) {
            return known;
        }
        long shipped = 0;
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT shipped_seq FROM ledger_journal WHERE journal_id = ?")) {
            ps.setLong(1, journalId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    shipped = rs.getLong(1);
                }
            }
        }
        checkpoints.put(journalId, shipped);
        return shipped;
    }

    /** One transaction: the rows, the running totals they add to, and how far this journal has got. */
    private void write(long journalId, List<Journal.Record> batch, boolean own) throws SQLException {
        Map<SpendKey, long[]> totals = totalsOf(batch.stream().map(rec -> rec.event).toList());
        long t0 = ticker.read();
        long t1;
        long t2;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Object[]> rows = new ArrayList<>(batch.size());
                for (Journal.Record rec : batch) {
                    CostEvent e = rec.event;
                    rows.add(new Object[] {journalId, rec.seq, e.atMillis(), e.user(), e.plan(), e.namespace(),
                            e.modelAsked(), e.model(), e.servedByName(), e.tokensIn(), e.tokensOut(), e.costMicros(),
                            e.savedMicros(), e.latencyMicros()});
                }
                BulkInsert.rows(c, db.dialect(), "ledger_event", EVENT_COLUMNS, rows);
                t1 = ticker.read();
                try (PreparedStatement ps = c.prepareStatement(addTotal)) {
                    for (Map.Entry<SpendKey, long[]> t : totals.entrySet()) {
                        SpendKey k = t.getKey();
                        ps.setString(1, String.valueOf(k.period().code));
                        ps.setString(2, k.periodStart().toString());
                        ps.setString(3, k.scope().column);
                        ps.setString(4, k.name());
                        for (int i = 0; i < 6; i++) {
                            ps.setLong(5 + i, t.getValue()[i]);
                        }
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                t2 = ticker.read();
                try (PreparedStatement ps = c.prepareStatement(checkpoint)) {
                    ps.setLong(1, journalId);
                    ps.setLong(2, batch.get(batch.size() - 1).seq);
                    ps.setLong(3, clock.millis());
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException broken) {
                    e.addSuppressed(broken); // the connection is gone; the first error says why
                }
                throw e;
            }
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("ledger batch: {} rows in {} ms, {} totals in {} ms, commit {} ms", batch.size(),
                    (t1 - t0) / 1_000_000, totals.size(), (t2 - t1) / 1_000_000, (ticker.read() - t2) / 1_000_000);
        }
        book.landed(costs(totals), own);
        booked.merge(journalId, batch.get(batch.size() - 1).seq, Math::max);
        checkpoints.put(journalId, batch.get(batch.size() - 1).seq);
    }

    /** The running totals {@code events} add to, sorted so concurrent instances lock rows in one order. */
    private static Map<SpendKey, long[]> totalsOf(List<CostEvent> events) {
        Map<SpendKey, long[]> totals = new TreeMap<>(Comparator.comparing((SpendKey k) -> k.period())
                .thenComparing(SpendKey::periodStart).thenComparing(SpendKey::scope).thenComparing(SpendKey::name));
        for (CostEvent e : events) {
            addTotals(totals, e);
        }
        return totals;
    }

    private static Map<SpendKey, Long> costs(Map<SpendKey, long[]> totals) {
        Map<SpendKey, Long> cost = new HashMap<>();
        totals.forEach((k, v) -> cost.put(k, v[0]));
        return cost;
    }

    private static void addTotals(Map<SpendKey, long[]> totals, CostEvent e) {
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(e.atMillis(), DAY_MILLIS));
        for (SpendKey.Period p : SpendKey.Period.values()) {
            add(totals, SpendKey.all(p, day), e);
            add(totals, SpendKey.model(p, day, e.model()), e);
        }
        // Users get a daily row only; a month's spend per user is the sum of its days (see refreshTotals), which
        // halves the rows each batch touches when many users are active.
        if (e.user() != null) {
            add(totals, SpendKey.user(SpendKey.Period.DAY, day, e.user()), e);
        }
    }

    /** Adds {@code e} to cost, saved (micro-dollars), requests, provider calls, tokens in and out. */
    private static void add(Map<SpendKey, long[]> totals, SpendKey k, CostEvent e) {
        long[] t = totals.computeIfAbsent(k, x -> new long[6]);
        t[0] += e.costMicros();
        t[1] += e.savedMicros();
        t[2] += e.answered() ? 1 : 0;
        t[3] += e.providerCall() ? 1 : 0;
        t[4] += e.tokensIn();
        t[5] += e.tokensOut();
    }

    /** Reads every instance's totals for this day and month: budgets are shared through these rows. */
    private void refreshTotals() throws SQLException {
        long epoch = book.epoch();
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(clock.millis(), DAY_MILLIS));
        Map<SpendKey, Long> read = new HashMap<>();
        LocalDate month = day.withDayOfMonth(1);
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT period_kind, period_start, scope, name, cost_micros"
                    + " FROM spend_total WHERE (period_kind = 'D' AND period_start = ?)"
                    + " OR (period_kind = 'M' AND period_start = ?)")) {
                ps.setString(1, day.toString());
                ps.setString(2, month.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        read.put(new SpendKey(SpendKey.Period.of(rs.getString(1)), LocalDate.parse(rs.getString(2)),
                                SpendKey.Scope.of(rs.getString(3)), rs.getString(4)), rs.getLong(5));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT name, SUM(cost_micros) FROM spend_total"
                    + " WHERE period_kind = 'D' AND scope = 'user' AND period_start >= ? AND period_start < ?"
                    + " GROUP BY name")) {
                ps.setString(1, month.toString());
                ps.setString(2, month.plusMonths(1).toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        read.put(SpendKey.user(SpendKey.Period.MONTH, day, rs.getString(1)), rs.getLong(2));
                    }
                }
            }
        }
        book.refreshed(read, epoch);
        book.forgetBefore(day.withDayOfMonth(1));
    }

    /**
     * Writes what it can within a few seconds, then lets go of the journal: records not yet in SQL stay in it
     * and are written at the next start.
     */
    @Override
    public void close() {
        closed = true;
        if (shipper == null) {
            return;
        }
        running = false;
        LockSupport.unpark(shipper);
        try {
            shipper.join(CLOSE_DRAIN.toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long left = pending();
        if (left > 0) {
            LOG.warn("ledger: {} record(s) not yet in {}; they stay in {} and are written at the next start", left,
                    db.describe(), journal.dir());
        }
        journal.closeShipped();
        db.close();
    }
}
