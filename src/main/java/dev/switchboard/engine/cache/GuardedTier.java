package dev.switchboard.engine.cache;

import dev.switchboard.engine.cache.CacheTier.PendingWrite;
import dev.switchboard.engine.request.CacheKey;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Wraps a tier so that its failures never reach a request: a failed call marks it DOWN, a DOWN tier is
 * skipped (reads miss, writes are dropped) until a background probe finds it back, and everything is counted.
 * Writes to remote tiers go through an {@link AsyncWriter}.
 */
final class GuardedTier implements AutoCloseable {
    private final CacheTier tier;
    private final TierHealth health;
    private final Supplier<Duration> ttl;
    private final AsyncWriter writer;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder busy = new LongAdder();

    /** @param queueCapacity 0 to write synchronously (L1) */
    GuardedTier(CacheTier tier, InstantSource clock, Supplier<Duration> ttl, int queueCapacity) {
        this.tier = tier;
        this.health = new TierHealth(tier.tier(), clock);
        this.ttl = ttl;
        this.writer = queueCapacity > 0
                ? new AsyncWriter("sb-" + tier.tier().name().toLowerCase() + "-writer", queueCapacity, this::writeNow)
                : null;
    }

    Tier id() {
        return tier.tier();
    }

    CacheTier tier() {
        return tier;
    }

    Duration ttl() {
        return ttl.get();
    }

    boolean isUp() {
        return health.isUp();
    }

    CachedAnswer get(CacheKey key) {
        if (!health.isUp()) {
            skipped.increment();
            return null;
        }
        CachedAnswer a;
        try {
            a = tier.get(key);
        } catch (TierBusy e) {
            // Saturated, not down: this request goes on without the tier; the next one tries again.
            busy.increment();
            return null;
        } catch (RuntimeException e) {
            fail(e);
            return null;
        }
        (a == null ? misses : hits).increment();
        return a;
    }

    void write(PendingWrite w) {
        if (!health.isUp()) {
            dropped.increment();
            return;
        }
        if (writer == null) {
            writeNow(List.of(w));
        } else if (!writer.offer(w)) {
            dropped.increment();
        }
    }

    private void writeNow(List<PendingWrite> batch) {
        if (!health.isUp()) {
            dropped.add(batch.size());
            return;
        }
        try {
            tier.putAll(batch);
            writes.add(batch.size());
        } catch (TierBusy e) {
            // Saturated, not down: these writes are lost, the tier stays in use.
            busy.increment();
            dropped.add(batch.size());
        } catch (RuntimeException e) {
            fail(e);
            dropped.add(batch.size());
        }
    }

    private void fail(RuntimeException e) {
        errors.increment();
        health.down(e);
    }

    /**
     * Runs an operator's action (invalidate, flush) on this tier.
     *
     * @throws TierUnavailableException when the tier is DOWN or fails now, so the operator hears of it
     */
    long admin(ToLongFunction<CacheTier> action) {
        if (!health.isUp()) {
            throw new TierUnavailableException(id(), health.reason());
        }
        if (!awaitWrites(Duration.ofSeconds(5))) {
            // Writes still queued could land after the delete and bring entries back: say so rather than pretend.
            throw new TierUnavailableException(id(), "too busy: " + (writer == null ? 0 : writer.pending())
                    + " writes still queued after 5 s; try again");
        }
        try {
            return action.applyAsLong(tier);
        } catch (TierBusy e) {
            throw new TierUnavailableException(id(), "too busy: " + e.getMessage());
        } catch (RuntimeException e) {
            fail(e);
            throw new TierUnavailableException(id(), TierHealth.describe(e));
        }
    }

    /** Background check of a DOWN tier; brings it back UP when it answers. */
    void probeIfDown() {
        if (health.isUp()) {
            return;
        }
        try {
            tier.probe();
            health.up();
        } catch (Exception e) {
            // Still down; the reason shown stays the first one, which is usually the telling one.
        }
    }

    boolean awaitWrites(Duration timeout) {
        return writer == null || writer.awaitIdle(timeout);
    }

    TierSnapshot snapshot() {
        TierHealth.State h = health.state();
        boolean up = h.up();
        return new TierSnapshot(id(), up ? TierState.UP : TierState.DOWN, h.reason(),
                up ? 0 : h.sinceMillis(), ttl.get(), hits.sum(), misses.sum(), writes.sum(), errors.sum(),
                skipped.sum() + busy.sum(), dropped.sum(), writer == null ? 0 : writer.pending());
    }

    /** Marks the tier DOWN from outside (e.g. its first connection failed at start); busy is not down. */
    void markDown(Throwable cause) {
        if (cause instanceof TierBusy) {
            busy.increment();
            return;
        }
        health.down(cause);
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
        tier.close();
    }
}
