package dev.switchboard.engine;

import dev.switchboard.engine.cache.Tier;
import dev.switchboard.engine.cache.TieredCache;
import dev.switchboard.engine.clock.Ticker;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.config.TiersConfig;
import dev.switchboard.engine.cost.Ledger;
import dev.switchboard.engine.limit.Limits;
import dev.switchboard.engine.resilience.Resilience;
import dev.switchboard.engine.provider.SimulatedProvider;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.telemetry.Telemetry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's public face: submit requests, read snapshots, change the config, invalidate. The console and
 * the headless commands use only this; the engine never calls back into them.
 */
public final class Engine implements AutoCloseable {
    private final AtomicReference<SwitchboardConfig> config;
    private final InstantSource clock;
    private final long startedAt;
    private final String instanceId = UUID.randomUUID().toString();
    private final TieredCache cache;
    private final SimulatedProvider provider;
    private final Limits limits;
    private final Resilience resilience;
    private final Telemetry telemetry;
    private final Ledger ledger;
    private final Orchestrator orchestrator;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Engine(SwitchboardConfig initial, InstantSource clock, Ticker ticker) {
        this.config = new AtomicReference<>(Objects.requireNonNull(initial));
        this.clock = clock;
        this.startedAt = clock.millis();
        this.telemetry = new Telemetry(clock);
        this.cache = TieredCache.open(() -> config.get().tiers(), () -> config.get().resilience().staleGrace(), clock,
                instanceId);
        this.provider = new SimulatedProvider(() -> config.get().simulated(), sharedUpstream(initial));
        this.limits = new Limits(() -> config.get().limits(), initial.tiers().l2().enabled() ? initial.tiers().l2().url()
                : null, initial.tiers().l2().timeout(), ticker);
        this.resilience = new Resilience(() -> config.get().resilience(), ticker, clock);
        this.ledger = Ledger.open(initial.ledger(), () -> config.get().budgets(), clock);
        this.orchestrator = new Orchestrator(config::get, cache, provider, limits, resilience, telemetry, ledger,
                clock, ticker);
    }

    public static Engine start(SwitchboardConfig config) {
        return new Engine(config, InstantSource.system(), Ticker.system());
    }

    /** For tests that move wall-clock time by hand. */
    public static Engine start(SwitchboardConfig config, InstantSource clock) {
        return new Engine(config, clock, Ticker.system());
    }

    /** For tests that move both clocks: wall time (TTLs, ledger dates) and elapsed time (queues, breakers). */
    public static Engine start(SwitchboardConfig config, InstantSource clock, Ticker ticker) {
        return new Engine(config, clock, ticker);
    }

    /**
     * Runs one request on the calling thread (callers run many at once on virtual threads).
     *
     * @throws dev.switchboard.engine.error.EngineException when the request cannot be answered
     */
    public ChatResult submit(ChatRequest request) {
        return orchestrator.handle(request);
    }

    /** Runs one request on a new virtual thread. */
    public CompletableFuture<ChatResult> submitAsync(ChatRequest request) {
        return CompletableFuture.supplyAsync(() -> orchestrator.handle(request), requests);
    }

    public EngineSnapshot snapshot() {
        long now = clock.millis();
        return new EngineSnapshot(now, now - startedAt, telemetry.snapshot(), cache.snapshot(), provider.calls(),
                provider.upstreamViolations(), limits.snapshot(), resilience.snapshot(config.get().models().keySet()),
                ledger.snapshot());
    }

    public SwitchboardConfig config() {
        return config.get();
    }

    /** Swaps in a new config atomically; requests already running finish with the one they started with. */
    public void updateConfig(SwitchboardConfig next) {
        config.set(Objects.requireNonNull(next));
        cache.applyConfig(next.tiers());
    }

    /** Changes one tier's TTL; entries written from now on get it. */
    public void setTierTtl(Tier tier, Duration ttl) {
        config.updateAndGet(c -> {
            TiersConfig t = c.tiers();
            return c.withTiers(switch (tier) {
                case L1 -> t.withL1(t.l1().withTtl(ttl));
                case L2 -> t.withL2(t.l2().withTtl(ttl));
                case L3 -> t.withL3(t.l3().withTtl(ttl));
            });
        });
    }

    /** Invalidation, flushes and peeks at the tiers. */
    public TieredCache cache() {
        return cache;
    }

    /** Breakers and their drills (force open or closed). */
    public Resilience resilience() {
        return resilience;
    }

    /** Lockouts and the other admission controls the console drives. */
    public Limits limits() {
        return limits;
    }

    /** The cost ledger: reports, privacy requests, budgets. */
    public Ledger ledger() {
        return ledger;
    }

    /** The simulated upstream's limit, kept in Redis when the config asks, so instances share one upstream. */
    private static String sharedUpstream(SwitchboardConfig c) {
        return c.simulated().sharedLimit() && c.tiers().l2().enabled() ? c.tiers().l2().url() : null;
    }

    public String instanceId() {
        return instanceId;
    }

    /** Waits for in-flight requests, flushes pending tier writes, closes pools. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        requests.shutdown();
        try {
            requests.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // After the requests, before the pools: every answer is journaled by now, and the ledger writes what it can.
        ledger.close();
        cache.close();
        limits.close();
        resilience.close();
        provider.close();
    }
}
