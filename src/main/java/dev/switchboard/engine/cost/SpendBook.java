package dev.switchboard.engine.cost;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.StampedLock;

/**
 * What has been spent this day and month, as this instance best knows it: the totals every instance has written to
 * SQL (read back every second) plus what this instance has spent and not yet written. Budget checks read it on the
 * request path, so reads take no lock and do no I/O. Amounts are whole micro-dollars: sums are exact.
 */
final class SpendBook {
    /** Totals in SQL as last read, plus this instance's batches written since; replaced whole, never mutated. */
    private volatile Map<SpendKey, Long> committed = Map.of();
    /** Spent by this instance, journaled, not yet in SQL. */
    private final ConcurrentHashMap<SpendKey, LongAdder> unshipped = new ConcurrentHashMap<>();
    /** Bumped when a batch lands, so a refresh read before it cannot overwrite it with older figures. */
    private long epoch;

    /**
     * Moving a batch from unshipped to committed is two writes: a reader between them counted the batch twice (a
     * request refused as past the hard limit it had not reached). Readers validate an optimistic stamp and read
     * again under the lock in that rare case; the hot path stays lock-free.
     */
    private final StampedLock moving = new StampedLock();

    long spent(SpendKey key) {
        long stamp = moving.tryOptimisticRead();
        long v = read(key);
        if (!moving.validate(stamp)) {
            stamp = moving.readLock();
            try {
                v = read(key);
            } finally {
                moving.unlockRead(stamp);
            }
        }
        return v;
    }

    private long read(SpendKey key) {
        Long c = committed.get(key);
        LongAdder u = unshipped.get(key);
        return (c == null ? 0 : c) + (u == null ? 0 : u.sum());
    }

    /** This instance spent {@code micros}; it counts at once, before its batch reaches SQL. */
    void spend(LocalDate day, String user, long micros) {
        for (SpendKey.Period p : SpendKey.Period.values()) {
            add(SpendKey.all(p, day), micros);
            if (user != null) {
                add(SpendKey.user(p, day, user), micros);
            }
        }
    }

    private void add(SpendKey key, long micros) {
        unshipped.computeIfAbsent(key, k -> new LongAdder()).add(micros);
    }

    /** A batch of this instance's spend is in SQL: move it from unshipped to committed. */
    synchronized void landed(Map<SpendKey, Long> batchTotals, boolean ownJournal) {
        // SQL keeps users' spend by day only; the book also keeps their month, as the refresh reads it.
        Map<SpendKey, Long> costByKey = new HashMap<>(batchTotals);
        batchTotals.forEach((k, v) -> {
            if (k.scope() == SpendKey.Scope.USER && k.period() == SpendKey.Period.DAY) {
                costByKey.merge(SpendKey.user(SpendKey.Period.MONTH, k.periodStart(), k.name()), v, Long::sum);
            }
        });
        Map<SpendKey, Long> next = new HashMap<>(committed);
        costByKey.forEach((k, v) -> next.merge(k, v, Long::sum));
        long stamp = moving.writeLock();
        try {
            committed = Map.copyOf(next);
            if (ownJournal) {
                costByKey.forEach((k, v) -> {
                    LongAdder u = unshipped.get(k);
                    if (u != null) {
                        u.add(-v);
                    }
                });
            }
        } finally {
            moving.unlockWrite(stamp);
        }
        epoch++;
    }

    synchronized long epoch() {
        return epoch;
    }

    /** Replaces the committed totals with a fresh read, unless a batch landed while it was being read. */
    synchronized boolean refreshed(Map<SpendKey, Long> fromSql, long readAtEpoch) {
        if (readAtEpoch != epoch) {
            return false;
        }
        committed = Map.copyOf(fromSql);
        return true;
    }

    /** The committed totals, for the snapshot's top lists. */
    Map<SpendKey, Long> committed() {
        return committed;
    }

    /** Drops counters of periods that have ended, so a console left open for months does not grow. */
    void forgetBefore(LocalDate monthStart) {
        unshipped.keySet().removeIf(k -> k.periodStart().isBefore(monthStart) && unshipped.get(k).sum() == 0);
    }
}
