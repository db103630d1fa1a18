package dev.switchboard.engine.cache;

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
    private final ScheduledExecutorService maintenance;

    private TieredCache(Supplier<TiersConfig> config, Supplier<Duration> staleGrace, InstantSource clock,
                        List<GuardedTier> tiers, MemoryTier l1, RedisConnections busConnections, String instanceId) {
        this.config = config;
        this.staleGrace = staleGrace;
        this.clock = clock;
        this.tiers = tiers.toArray(GuardedTier[]::new);
        tiers.forEach(t -> byId.put(t.id(), t));
        this.l1 = l1;
        this.bus = busConnections == null ? null
                : new InvalidationBus(busConnections, instanceId, this::applyRemote, this::onResubscribe);
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r ->
                Thread.ofPlatform().name("sb-cache-maintenance").daemon().unstarted(r));
        maintenance.scheduleWithFixedDelay(this::probeDownTiers, PROBE_MILLIS, PROBE_MILLIS, TimeUnit.MILLISECONDS);
        GuardedTier l3 = byId.get(Tier.L3);
        if (l3 != null) {
            long every = config.get().l3().purgeInterval().toMillis();
            maintenance.scheduleWithFixedDelay(() -> purge(l3), every, every, TimeUnit.MILLISECONDS);
        }
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
        TiersConfig c = config.get();
        List<GuardedTier> tiers = new ArrayList<>();
        MemoryTier l1 = null;
        if (c.l1().enabled()) {
            l1 = new MemoryTier(c.l1().maxBytes(), clock, staleGrace);
            tiers.add(new GuardedTier(l1, clock, () -> config.get().l1().ttl(), 0));
        }
        RedisConnections redis = null;
        if (c.l2().enabled()) {
            redis = new RedisConnections(c.l2().url(), c.l2().timeout());
            GuardedTier l2 = new GuardedTier(new RedisTier(redis.pooled(64), clock, staleGrace), clock,
                    () -> config.get().l2().ttl(), WRITE_QUEUE);
            checkAtStart(l2);
            tiers.add(l2);
        }
        if (c.l3().enabled()) {
            Database db = Database.open(c.l3().url(), c.l3().user(), c.l3().password(), c.l3().timeout(),
                    c.l3().poolSize());
            GuardedTier l3 = new GuardedTier(new SqlTier(db, clock, staleGrace), clock, () -> config.get().l3().ttl(), WRITE_QUEUE);
            checkAtStart(l3);
            tiers.add(l3);
        }
        return new TieredCache(config, staleGrace, clock, tiers, l1, redis, instanceId);
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
        for (int i = 0; i < tiers.length; i++) {
            CachedAnswer a = tiers[i].get(key);
            if (a != null) {
                promote(key, a, i);
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

    /** Copies a lower-tier hit into the tiers above it, never beyond the entry's own expiry. */
    private void promote(CacheKey key, CachedAnswer a, int foundAt) {
        long now = clock.millis();
        for (int j = 0; j < foundAt; j++) {
            long expires = Math.min(a.expiresAtMillis(), now + tiers[j].ttl().toMillis());
            if (expires > now) {
                tiers[j].write(new PendingWrite(key, a.expiringAt(expires)));
            }
        }
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

    public InvalidationResult invalidate(CacheKey key) {
        InvalidationResult r = onEveryTier(t -> t.invalidate(key), List.of(Tier.values()));
        broadcast(Invalidation.Kind.KEY, key.value());
        return r;
    }

    public InvalidationResult invalidateVersion(String model, String version) {
        InvalidationResult r = onEveryTier(t -> t.invalidateVersion(model, version), List.of(Tier.values()));
        broadcast(Invalidation.Kind.VERSION, model + "@" + version);
        return r;
    }

    public InvalidationResult invalidateNamespace(String namespace) {
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
        InvalidationResult r = onEveryTier(CacheTier::flush, List.of(Tier.values()));
        broadcast(Invalidation.Kind.FLUSH, "L1");
        return r;
    }

    private InvalidationResult onEveryTier(ToLongFunction<CacheTier> action, List<Tier> which) {
        Map<Tier, Long> removed = new EnumMap<>(Tier.class);
        Map<Tier, String> failed = new EnumMap<>(Tier.class);
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
        return new InvalidationResult(Map.copyOf(removed), Map.copyOf(failed));
    }

    private void broadcast(Invalidation.Kind kind, String value) {
        if (bus != null) {
            bus.publish(kind, value);
        }
    }

    /** Another instance invalidated something: only our L1 needs it, the shared tiers are done already. */
    private void applyRemote(Invalidation inv) {
        if (l1 == null) {
            return;
        }
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
        }
    }

    /** Messages sent while we were not listening are lost: drop L1 rather than serve what may be stale. */
    private void onResubscribe() {
        if (l1 != null) {
            long n = l1.flush();
            LOG.info("invalidation channel reconnected; flushed {} L1 entries that may have missed invalidations", n);
        }
    }

    /** True once this instance hears the other instances' invalidations (always true without L2). */
    public boolean isListening() {
        return bus == null || bus.isSubscribed();
    }

    private void probeDownTiers() {
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
        return ((SqlTier) l3.tier()).purgeExpired();
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
                Duration ttl = switch (id) {
                    case L1 -> c.l1().ttl();
                    case L2 -> c.l2().ttl();
                    case L3 -> c.l3().ttl();
                };
                out.add(new TierSnapshot(id, TierState.DISABLED, "off in the config", 0, ttl, 0, 0, 0, 0, 0, 0, 0));
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
