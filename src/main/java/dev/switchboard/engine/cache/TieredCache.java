package dev.switchboard.engine.cache;

import dev.switchboard.engine.cache.semantic.SemanticCache;
import java.util.function.Consumer;
import dev.switchboard.engine.cache.CacheTier.PendingWrite;
import dev.switchboard.engine.config.TiersConfig;
import dev.switchboard.engine.request.CacheKey;
import dev.switchboard.store.Database;
import dev.switchboard.store.Failures;
import dev.switchboard.store.RedisConnections;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exact-match cache over its enabled tiers: lookup L1 -> L2 -> L3, a lower-tier hit promoted into the
 * tiers above with its remaining lifetime (capped by each tier's TTL), a new answer written to every tier
 * with that tier's current TTL. Invalidations reach every tier and, through Redis, every other instance's L1.
 */
public final class TieredCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TieredCache.class);
    private static final int WRITE_QUEUE = 50_000;
    private static final long PROBE_MILLIS = 500;

    /** A hit: which tier answered, and the entry as that tier held it. */
    public record Hit(Tier tier, CachedAnswer answer) {
    }

    /** What an invalidation removed per tier, and the tiers it could not reach. */
    public record InvalidationResult(Map<Tier, Long> removed, Map<Tier, String> failed) {
        public long total() {
            return removed.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Supplier<TiersConfig> config;
    private final Supplier<Duration> staleGrace;
    private final InstantSource clock;
    private final GuardedTier[] tiers;
    private final EnumMap<Tier, GuardedTier> byId = new EnumMap<>(Tier.class);
    private final MemoryTier l1;
    private final InvalidationBus bus;
    private volatile SemanticCache semantic;
    private final ScheduledExecutorService maintenance;
    /** Invalidations begun plus ended: see {@link #promote}. Written under the write lock. */
    private volatile long epoch;
    /** Invalidations under way. Guarded by {@link #invalidating}. */
    private int running;
    private final ReentrantReadWriteLock invalidating = new ReentrantReadWriteLock();
    private final LongAdder skippedPromotions = new LongAdder();

    private TieredCache(Supplier<TiersConfig> config, Supplier<Duration> staleGrace, InstantSource clock,
                        List<CacheTier> tiers, RedisConnections busConnections, String instanceId, long probeMillis) {
        this.config = config;
        this.staleGrace = staleGrace;
        this.clock = clock;
        this.tiers = new GuardedTier[tiers.size()];
        for (int i = 0; i < tiers.size(); i++) {
            CacheTier t = tiers.get(i);
            Tier id = t.tier();
            // L1 is written on the request path (it is memory); the remote tiers through a queue.
            GuardedTier g = new GuardedTier(t, clock, () -> ttlOf(config.get(), id), id == Tier.L1 ? 0 : WRITE_QUEUE);
            if (id != Tier.L1) {
                checkAtStart(g);
            }
            this.tiers[i] = g;
            byId.put(id, g);
        }
        this.l1 = !tiers.isEmpty() && tiers.get(0) instanceof MemoryTier m ? m : null;
        this.bus = busConnections == null ? null
                : new InvalidationBus(busConnections, instanceId, this::applyRemote, this::onResubscribe);
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r ->
                Thread.ofPlatform().name("sb-cache-maintenance").daemon().unstarted(r));
        if (probeMillis > 0) {
            maintenance.scheduleWithFixedDelay(this::probeDownTiers, probeMillis, probeMillis, TimeUnit.MILLISECONDS);
        }
        GuardedTier l3 = byId.get(Tier.L3);
        if (l3 != null) {
            long every = config.get().l3().purgeInterval().toMillis();
            maintenance.scheduleWithFixedDelay(() -> purge(l3), every, every, TimeUnit.MILLISECONDS);
        }
    }

    private static Duration ttlOf(TiersConfig c, Tier tier) {
        return switch (tier) {
            case L1 -> c.l1().ttl();
            case L2 -> c.l2().ttl();
            case L3 -> c.l3().ttl();
        };
    }

    /**
     * Opens the tiers the config enables. A tier whose server is down at start begins DOWN with the reason
     * and comes UP by itself when the server does.
     *
     * @param instanceId this engine's identity on the invalidation channel
     */
    public static TieredCache open(Supplier<TiersConfig> config, InstantSource clock, String instanceId) {
        return open(config, () -> Duration.ZERO, clock, instanceId);
    }

    /** @param staleGrace how long entries are kept past their expiry, for serving stale */
    public static TieredCache open(Supplier<TiersConfig> config, Supplier<Duration> staleGrace, InstantSource clock,
                                   String instanceId) {
        return open(config, staleGrace, clock, instanceId, PROBE_MILLIS);
    }

    /** @param probeMillis how often DOWN tiers are probed; 0 for never by itself (a test calls {@link #probeDownTiers}) */
    static TieredCache open(Supplier<TiersConfig> config, Supplier<Duration> staleGrace, InstantSource clock,
                            String instanceId, long probeMillis) {
        TiersConfig c = config.get();
        List<CacheTier> tiers = new ArrayList<>();
        if (c.l1().enabled()) {
            tiers.add(new MemoryTier(c.l1().maxBytes(), clock, staleGrace));
        }
        RedisConnections redis = null;
        if (c.l2().enabled()) {
            redis = new RedisConnections(c.l2().url(), c.l2().timeout());
            tiers.add(new RedisTier(redis.pooled(64), clock, staleGrace));
        }
        if (c.l3().enabled()) {
            // The tier's timeout bounds each statement too, not only the wait for a pooled connection.
            Database db = Database.open(c.l3().url(), c.l3().user(), c.l3().password(), c.l3().timeout(),
                    c.l3().poolSize(), c.l3().timeout());
            tiers.add(new SqlTier(db, clock, staleGrace, c.l3().timeout()));
        }
        return new TieredCache(config, staleGrace, clock, tiers, redis, instanceId, probeMillis);
    }

    /** Over tiers a test made (fastest first), with no invalidation channel and no probing by itself. */
    static TieredCache over(Supplier<TiersConfig> config, InstantSource clock, List<CacheTier> tiers) {
        return new TieredCache(config, () -> Duration.ZERO, clock, tiers, null, "test", 0);
    }

    private static void checkAtStart(GuardedTier t) {
        try {
            t.tier().probe();
        } catch (Exception e) {
            t.markDown(e);
        }
    }

    /** @return the hit, or null when no tier has a live entry */
    public Hit lookup(CacheKey key) {
        return lookup(key, null);
    }

    /**
     * Told of each tier a lookup reads, around the read: tracing makes a span of the tiers worth one.
     */
    public interface ReadObserver {
        /** Before {@code tier} is read; what it returns comes back to {@link #read}. */
        Object reading(Tier tier);

        /** After {@code tier} was read: whether it held the key. */
        void read(Object token, Tier tier, boolean hit);
    }

    /** As {@link #lookup(CacheKey)}, telling {@code observer} (when not null) of each tier read. */
    public Hit lookup(CacheKey key, ReadObserver observer) {
        // Read before any tier: an invalidation from here on may have deleted what the tiers below return.
        long seen = epoch;
        for (int i = 0; i < tiers.length; i++) {
            Object token = observer == null ? null : observer.reading(tiers[i].id());
            CachedAnswer a = null;
            try {
                a = tiers[i].get(key);
            } finally {
                if (observer != null) {
                    observer.read(token, tiers[i].id(), a != null);
                }
            }
            if (a != null) {
                promote(key, a, i, seen);
                return new Hit(tiers[i].id(), a);
            }
        }
        return null;
    }

    /**
     * The newest entry any tier still keeps for the key, expired or not, within the stale grace: served (marked
     * stale) only when no model can answer. No promotion: a stale answer is not worth spreading.
     */
    public Hit lookupStale(CacheKey key) {
        long expiredAfter = clock.millis() - staleGrace.get().toMillis();
        for (GuardedTier t : tiers) {
            if (!t.isUp()) {
                continue;
            }
            try {
                CachedAnswer a = t.tier().getStale(key, expiredAfter);
                if (a != null) {
                    return new Hit(t.id(), a);
                }
            } catch (RuntimeException e) {
                t.markDown(e);
            }
        }
        return null;
    }

    /**
     * Copies a lower-tier hit into the tiers above it, never beyond the entry's own expiry; not at all when an
     * invalidation ran or is running since the lookup began ({@code seen}), since the hit may be what it deleted.
     * The read lock makes check and copy one step against an invalidation's start: a copy made before it is
     * deleted by it (L2's queued copies too: it waits for them), a copy after it is skipped.
     */
    private void promote(CacheKey key, CachedAnswer a, int foundAt, long seen) {
        if (foundAt == 0) {
            return;
        }
        Lock l = invalidating.readLock();
        l.lock();
        try {
            if (epoch != seen || running > 0) {
                skippedPromotions.increment();
                return;
            }
            long now = clock.millis();
            for (int j = 0; j < foundAt; j++) {
                long expires = Math.min(a.expiresAtMillis(), now + tiers[j].ttl().toMillis());
                if (expires > now) {
                    tiers[j].write(new PendingWrite(key, a.expiringAt(expires)));
                }
            }
        } finally {
            l.unlock();
        }
    }

    /**
     * Brackets every invalidation and flush, local or from another instance: the epoch moves at its start and its
     * end, so a lookup that began before the end cannot promote what it read.
     */
    private void beginInvalidation() {
        Lock l = invalidating.writeLock();
        l.lock();
        try {
            running++;
            epoch++;
        } finally {
            l.unlock();
        }
    }

    private void endInvalidation() {
        Lock l = invalidating.writeLock();
        l.lock();
        try {
            running--;
            epoch++;
        } finally {
            l.unlock();
        }
    }

    /** Promotions not made because an invalidation overlapped the lookup. */
    long skippedPromotions() {
        return skippedPromotions.sum();
    }

    /** Writes a new answer to every enabled tier, each with its current TTL. */
    public void store(CacheKey key, CachedAnswer answer) {
        long now = clock.millis();
        for (GuardedTier t : tiers) {
            t.write(new PendingWrite(key, answer.expiringAt(now + t.ttl().toMillis())));
        }
    }

    /** Reads one tier without counting or promoting: for tests and the console's key inspector. */
    public CachedAnswer peek(Tier tier, CacheKey key) {
        GuardedTier t = byId.get(tier);
        return t == null ? null : t.tier().get(key);
    }

    /** One tier as it is, unguarded, or null when off: for tests. */
    CacheTier rawTier(Tier tier) {
        GuardedTier t = byId.get(tier);
        return t == null ? null : t.tier();
    }

    /**
     * The semantic index whose entries point at this cache's answers: every invalidation, local or another
     * instance's, reaches it as well.
     */
    public void attach(SemanticCache s) {
        this.semantic = s;
        for (GuardedTier t : tiers) {
            if (t.tier() instanceof SqlTier sql) {
                // Entries live beside cache_entry, and each committed one is announced to the other instances.
                s.persistTo(new SqlSemanticStore(sql.database()), key -> broadcast(Invalidation.Kind.SEMANTIC, key));
            }
        }
    }

    private void onSemantic(Consumer<SemanticCache> action) {
        SemanticCache s = semantic;
        if (s != null) {
            action.accept(s);
        }
    }

    public InvalidationResult invalidate(CacheKey key) {
        onSemantic(s -> s.invalidateKey(key.value()));
        InvalidationResult r = onEveryTier(t -> t.invalidate(key), List.of(Tier.values()));
        broadcast(Invalidation.Kind.KEY, key.value());
        return r;
    }

    public InvalidationResult invalidateVersion(String model, String version) {
        onSemantic(s -> s.invalidateVersion(model, version));
        InvalidationResult r = onEveryTier(t -> t.invalidateVersion(model, version), List.of(Tier.values()));
        broadcast(Invalidation.Kind.VERSION, model + "@" + version);
        return r;
    }

    public InvalidationResult invalidateNamespace(String namespace) {
        onSemantic(s -> s.invalidateNamespace(namespace));
        InvalidationResult r = onEveryTier(t -> t.invalidateNamespace(namespace), List.of(Tier.values()));
        broadcast(Invalidation.Kind.NAMESPACE, namespace);
        return r;
    }

    /** Empties one tier; emptying L1 empties every instance's L1. */
    public InvalidationResult flush(Tier tier) {
        InvalidationResult r = onEveryTier(CacheTier::flush, List.of(tier));
        if (tier == Tier.L1) {
            broadcast(Invalidation.Kind.FLUSH, "L1");
        }
        return r;
    }

    public InvalidationResult flushAll() {
        onSemantic(SemanticCache::flush);
        InvalidationResult r = onEveryTier(CacheTier::flush, List.of(Tier.values()));
        broadcast(Invalidation.Kind.FLUSH, "L1");
        return r;
    }

    private InvalidationResult onEveryTier(ToLongFunction<CacheTier> action, List<Tier> which) {
        Map<Tier, Long> removed = new EnumMap<>(Tier.class);
        Map<Tier, String> failed = new EnumMap<>(Tier.class);
        beginInvalidation();
        try {
            // Bottom up: were L1 emptied first, a request could promote the old entry back from L3 meanwhile.
            for (int i = tiers.length - 1; i >= 0; i--) {
                GuardedTier t = tiers[i];
                if (!which.contains(t.id())) {
                    continue;
                }
                try {
                    removed.put(t.id(), t.admin(action));
                } catch (TierUnavailableException e) {
                    failed.put(t.id(), e.getMessage());
                }
            }
        } finally {
            endInvalidation();
        }
        return new InvalidationResult(Map.copyOf(removed), Map.copyOf(failed));
    }

    private void broadcast(Invalidation.Kind kind, String value) {
        if (bus != null) {
            bus.publish(kind, value);
        }
    }

    /** Another instance invalidated something: only our L1 needs it, the shared tiers are done already. */
    private void applyRemote(Invalidation inv) {
        onSemantic(s -> applyToSemantic(s, inv));
        if (inv.kind() == Invalidation.Kind.SEMANTIC) {
            return;
        }
        if (l1 == null) {
            return;
        }
        beginInvalidation();
        try {
            applyToL1(inv);
        } finally {
            endInvalidation();
        }
    }

    private void applyToL1(Invalidation inv) {
        switch (inv.kind()) {
            case KEY -> {
                try {
                    l1.invalidate(CacheKey.parse(inv.value()));
                } catch (IllegalArgumentException e) {
                    LOG.warn("ignoring malformed invalidation for key '{}'", inv.value());
                }
            }
            case VERSION -> {
                int at = inv.value().lastIndexOf('@');
                if (at > 0) {
                    l1.invalidateVersion(inv.value().substring(0, at), inv.value().substring(at + 1));
                }
            }
            case NAMESPACE -> l1.invalidateNamespace(inv.value());
            case FLUSH -> l1.flush();
            case SEMANTIC -> { }
        }
    }

    private static void applyToSemantic(SemanticCache s, Invalidation inv) {
        switch (inv.kind()) {
            case KEY -> s.forgetKey(inv.value());
            case VERSION -> {
                int at = inv.value().lastIndexOf('@');
                if (at > 0) {
                    s.forgetVersion(inv.value().substring(0, at), inv.value().substring(at + 1));
                }
            }
            case NAMESPACE -> s.forgetNamespace(inv.value());
            case SEMANTIC -> s.learn(inv.value());
            // A flush of another instance's L1 leaves the shared tiers, so the entries' answers may still be there.
            case FLUSH -> { }
        }
    }

    /** Messages sent while we were not listening are lost: drop L1 rather than serve what may be stale. */
    private void onResubscribe() {
        if (l1 != null) {
            beginInvalidation();
            long n;
            try {
                n = l1.flush();
            } finally {
                endInvalidation();
            }
            LOG.info("invalidation channel reconnected; flushed {} L1 entries that may have missed invalidations", n);
        }
    }

    /** True once this instance hears the other instances' invalidations (always true without L2). */
    public boolean isListening() {
        return bus == null || bus.isSubscribed();
    }

    /** Probes every DOWN tier once (the maintenance thread does it every 500 ms). */
    void probeDownTiers() {
        for (GuardedTier t : tiers) {
            try {
                t.probeIfDown();
            } catch (RuntimeException e) {
                LOG.debug("probe of {} failed: {}", t.id(), Failures.oneLine(e));
            }
        }
    }

    private void purge(GuardedTier l3) {
        try {
            long n = purgeExpired();
            if (n > 0) {
                LOG.debug("purged {} expired L3 rows", n);
            }
        } catch (RuntimeException e) {
            l3.markDown(e);
        }
    }

    /** Deletes expired L3 rows now (it also runs every {@code purge_interval}); returns how many. */
    public long purgeExpired() {
        GuardedTier l3 = byId.get(Tier.L3);
        if (l3 == null || !l3.isUp()) {
            return 0;
        }
        long n = l3.tier() instanceof SqlTier sql ? sql.purgeExpired() : 0;
        SemanticCache s = semantic;
        return s == null ? n : n + s.purgeExpired();
    }

    /** Applies a config change that needs more than reading the new TTLs (they are read per write). */
    public void applyConfig(TiersConfig c) {
        if (l1 != null) {
            l1.resize(c.l1().maxBytes());
        }
    }

    /** Every tier, the disabled ones too, so a dashboard can show all three. */
    public List<TierSnapshot> snapshot() {
        List<TierSnapshot> out = new ArrayList<>(3);
        TiersConfig c = config.get();
        for (Tier id : Tier.values()) {
            GuardedTier t = byId.get(id);
            if (t != null) {
                out.add(t.snapshot());
            } else {
                out.add(new TierSnapshot(id, TierState.DISABLED, "off in the config", 0, ttlOf(c, id), 0, 0, 0, 0, 0, 0,
                        0));
            }
        }
        return out;
    }

    public boolean isEnabled(Tier tier) {
        return byId.containsKey(tier);
    }

    /** Waits until queued writes to the slower tiers are made. */
    public boolean awaitWrites(Duration timeout) {
        boolean ok = true;
        for (GuardedTier t : tiers) {
            ok &= t.awaitWrites(timeout);
        }
        return ok;
    }

    /** Flushes pending writes, then closes the pools. */
    @Override
    public void close() {
        maintenance.shutdownNow();
        if (bus != null) {
            bus.close();
        }
        for (GuardedTier t : tiers) {
            t.close();
        }
    }
}
