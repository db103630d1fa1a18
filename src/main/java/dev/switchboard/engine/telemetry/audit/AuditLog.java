package dev.switchboard.engine.telemetry.audit;

import dev.switchboard.store.Database;
import dev.switchboard.store.Failures;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends audit records without blocking the caller: {@link #append} puts the record on a bounded queue; one writer
 * thread takes them in order, chains them (id, prev_hash, hash) and writes them in batches. A single writer is what
 * makes the chain's order the queue's order. A full queue drops the record, counted and logged once; a closed log
 * refuses records with an exception. {@link #close} writes what is queued (for at most a few seconds when the
 * database is down) before it lets go of the pool.
 *
 * <p>Several instances may append to one database: ids are taken from the stored chain's end, and a batch whose ids
 * another writer took first fails as a whole on the primary key and is chained again from the new end.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final int BATCH = 1_000;
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration CLOSE_DRAIN = Duration.ofSeconds(5);
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    /** Something to turn into a record on the writer thread, so the caller pays only for the queue. */
    interface Pending {
        AuditRecord record();
    }

    /** Counts and state, for status lines and tests. */
    public record Stats(String state, String reason, long accepted, long written, long dropped, long refused,
                        long failed, long purged, long conflicts) {
    }

    private final AuditSettings settings;
    private final InstantSource clock;
    private final AuditStore store;
    private final boolean ownsDatabase;
    private final BlockingQueue<Pending> queue;
    private final Thread writer;
    private final LongAdder entering = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong purged = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicBoolean droppedLogged = new AtomicBoolean();
    private volatile boolean closed;
    private volatile long closeDeadline;
    private volatile String state;
    private volatile String reason = "";
    private long lastPurge = Long.MIN_VALUE;

    private AuditLog(AuditSettings settings, InstantSource clock, Database db, boolean ownsDatabase) {
        this.settings = settings;
        this.clock = clock;
        this.store = db == null ? null : new AuditStore(db);
        this.ownsDatabase = ownsDatabase;
        this.queue = new ArrayBlockingQueue<>(settings.queue());
        this.state = db == null ? "OFF" : "STARTING";
        this.writer = db == null ? null : Thread.ofPlatform().name("audit-writer").daemon().unstarted(this::run);
    }

    /** An audit log on its own small pool over the ledger's database (URL as configured, credentials given apart). */
    public static AuditLog open(String url, String user, String password, AuditSettings settings, InstantSource clock) {
        if (!settings.enabled()) {
            return off(settings);
        }
        return start(new AuditLog(settings, clock, Database.open(url, user, password, Duration.ofSeconds(5), 2), true));
    }

    /** Over a database the caller opened and closes. */
    public static AuditLog over(Database db, AuditSettings settings, InstantSource clock) {
        return start(new AuditLog(settings, clock, db, false));
    }

    /** Records nothing: {@link #append} returns false (no ledger database, or {@code audit.enabled: false}). */
    public static AuditLog off(AuditSettings settings) {
        return new AuditLog(settings, InstantSource.system(), null, false);
    }

    private static AuditLog start(AuditLog log) {
        log.writer.start();
        return log;
    }

    public boolean enabled() {
        return store != null;
    }

    public AuditSettings settings() {
        return settings;
    }

    /** The clock records are stamped by. */
    public InstantSource clock() {
        return clock;
    }

    /** For verify, export and purge; null when off. */
    public AuditStore store() {
        return store;
    }

    /**
     * Queues {@code r}; never blocks.
     *
     * @return true when queued; false when the log is off or its queue is full (counted as dropped)
     * @throws IllegalStateException once the log is closed
     */
    public boolean append(AuditRecord r) {
        return offer(java.util.Objects.requireNonNull(r, "record"));
    }

    /**
     * As {@link #append}, for a record built on the writer thread. The entry count goes up before {@code closed} is
     * read and close sets {@code closed} before it waits for the count: either this sees the log closed, or close
     * sees this offer land before the writer's last pass.
     */
    boolean offer(Pending p) {
        entering.increment();
        try {
            if (closed) {
                refused.increment();
                throw new IllegalStateException("audit log is closed");
            }
            if (store == null) {
                return false;
            }
            if (queue.offer(p)) {
                accepted.increment();
                return true;
            }
            dropped.increment();
            if (droppedLogged.compareAndSet(false, true)) {
                LOG.warn("audit: the queue of {} records is full (the database is down or slow); records are dropped "
                        + "and counted, and this is logged once", settings.queue());
            }
            return false;
        } finally {
            entering.decrement();
        }
    }

    private void run() {
        List<AuditRecord> batch = new ArrayList<>(BATCH);
        List<Pending> taken = new ArrayList<>(BATCH);
        AuditStore.Tail tail = null;
        boolean ready = false;
        int failuresInARow = 0;
        while (true) {
            if (batch.isEmpty()) {
                if (closed && entering.sum() == 0 && queue.isEmpty()) {
                    return;
                }
                Pending first;
                try {
                    first = queue.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (first == null) {
                    ready = maybePurge(ready);
                    continue;
                }
                taken.add(first);
                queue.drainTo(taken, BATCH - 1);
                for (Pending p : taken) {
                    try {
                        batch.add(p.record());
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        LOG.warn("audit: a record could not be built and is skipped: {}", Failures.oneLine(e));
                    }
                }
                taken.clear();
                if (batch.isEmpty()) {
                    continue;
                }
            }
            try {
                if (!ready) {
                    store.database().ensureReady();
                    ready = true;
                }
                if (tail == null) {
                    tail = store.tail();
                }
                List<AuditRow> rows = new ArrayList<>(batch.size());
                long id = tail.id();
                String prev = tail.hash();
                for (AuditRecord r : batch) {
                    AuditRow row = AuditRow.chained(++id, prev, r);
                    rows.add(row);
                    prev = row.hash();
                }
                store.insert(rows);
                tail = new AuditStore.Tail(id, prev);
                written.addAndGet(rows.size());
                batch.clear();
                if (failuresInARow > 0) {
                    LOG.info("audit: writing to {} again", store.database().describe());
                }
                failuresInARow = 0;
                state = "UP";
                reason = "";
                ready = maybePurge(ready);
            } catch (SQLException | RuntimeException e) {
                tail = null;
                if (takenByAnother(e)) {
                    conflicts.incrementAndGet(); // another instance wrote these ids first: chain again from its end
                    continue;
                }
                failuresInARow++;
                state = "DOWN";
                reason = Failures.oneLine(e);
                if (failuresInARow == 1) {
                    LOG.warn("audit: cannot write to {}: {}; {} record(s) wait, retrying every {} s",
                            store.database().describe(), reason, batch.size() + queue.size(), RETRY.toSeconds());
                }
                if (closed && System.nanoTime() - closeDeadline > 0) {
                    failed.addAndGet(batch.size());
                    return;
                }
                LockSupport.parkNanos(RETRY.toNanos());
            }
        }
    }

    /** A unique violation (SQLSTATE 23505 on PostgreSQL and H2): the ids were taken, the database is fine. */
    static boolean takenByAnother(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException x = sql; x != null; x = x.getNextException()) {
                    if ("23505".equals(x.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Purges past the retention once an hour, on the writer thread: a purge and an append never race for the end. */
    private boolean maybePurge(boolean ready) {
        if (settings.retention() == null || closed) {
            return ready;
        }
        long now = clock.millis();
        if (lastPurge != Long.MIN_VALUE && now - lastPurge < PURGE_EVERY.toMillis()) {
            return ready;
        }
        try {
            if (!ready) {
                store.database().ensureReady();
            }
            lastPurge = now;
            long n = store.purge(now - settings.retention().toMillis(), now);
            purged.addAndGet(n);
            if (n > 0) {
                LOG.info("audit: purged {} record(s) older than {}", n, settings.retention());
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            lastPurge = now;
            LOG.warn("audit: purge failed, retried in an hour: {}", Failures.oneLine(e));
            return ready;
        }
    }

    /**
     * Waits until every record accepted so far is written (or given up on).
     *
     * @return false when {@code timeout} passed first
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (written.get() + failed.get() < accepted.sum()) {
            if (System.nanoTime() - deadline > 0 || writer == null || !writer.isAlive()) {
                return written.get() + failed.get() >= accepted.sum();
            }
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    public Stats stats() {
        return new Stats(state, reason, accepted.sum(), written.get(), dropped.sum(), refused.sum(), failed.get(),
                purged.get(), conflicts.get());
    }

    public boolean isClosed() {
        return closed;
    }

    /** Refuses new records, writes the queued ones (at most ~5 s while the database is down), closes its pool. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closeDeadline = System.nanoTime() + CLOSE_DRAIN.toNanos();
        closed = true;
        if (writer == null) {
            return;
        }
        while (entering.sum() > 0) {
            Thread.onSpinWait();
        }
        // No interrupt: it would close H2's file channel under a write. The writer polls every 200 ms.
        try {
            writer.join(CLOSE_DRAIN.toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long left = accepted.sum() - written.get();
        if (left > 0) {
            LOG.warn("audit: {} record(s) could not be written to {} before closing ({})", left,
                    store.database().describe(), reason);
        }
        if (ownsDatabase) {
            store.database().close();
        }
    }
}
