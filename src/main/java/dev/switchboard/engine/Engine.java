package dev.switchboard.engine;

import dev.switchboard.engine.cache.Tier;
import dev.switchboard.engine.cache.TieredCache;
import dev.switchboard.engine.cache.semantic.Embedders;
import dev.switchboard.engine.cache.semantic.SemanticCache;
import dev.switchboard.engine.guard.GuardStats;
import dev.switchboard.engine.telemetry.RequestEvents;
import dev.switchboard.engine.telemetry.requestlog.RecentRequests;
import dev.switchboard.engine.telemetry.trace.Tracing;
import dev.switchboard.engine.guard.Guards;
import dev.switchboard.engine.parse.OutputParser;
import dev.switchboard.engine.parse.ParseStats;
import dev.switchboard.engine.parse.ParseStep;
import dev.switchboard.engine.clock.Ticker;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.config.TiersConfig;
import dev.switchboard.engine.cost.Ledger;
import dev.switchboard.engine.limit.Limits;
import dev.switchboard.engine.resilience.Resilience;
import dev.switchboard.engine.provider.SimulatedProvider;
import dev.switchboard.engine.provider.registry.ProviderRegistry;
import dev.switchboard.engine.request.StreamObserver;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.telemetry.Telemetry;
import dev.switchboard.engine.telemetry.audit.AuditLog;
import dev.switchboard.engine.telemetry.audit.RequestAuditor;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's public face: submit requests, read snapshots, change the config, invalidate. The console and
 * the headless commands use only this; the engine never calls back into them.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final AtomicReference<SwitchboardConfig> config;
    private final InstantSource clock;
    private final long startedAt;
    private final String instanceId = UUID.randomUUID().toString();
    private final TieredCache cache;
    private final SemanticCache semantic;
    private final ProviderRegistry provider;
    private final Limits limits;
    private final Resilience resilience;
    private final Telemetry telemetry;
    private final Ledger ledger;
    private final AuditLog audit;
    private final Orchestrator orchestrator;
    private final dev.switchboard.engine.routing.RouteRunner routes;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    /** Config swaps apply their side effects one at a time, each from the config current by then. */
    private final ReentrantLock applying = new ReentrantLock();
    /** submit() and submitAsync() calls accepted and not finished; close waits for them. */
    /** Calls inside submit/submitAsync; a LongAdder, not one contended atomic: every request passes it twice. */
    private final LongAdder inFlight = new LongAdder();
    private final ReentrantLock idleLock = new ReentrantLock();
    private final Condition idle = idleLock.newCondition();
    private final LongAdder refused = new LongAdder();
    private final ParseStats parseStats = new ParseStats();
    private final RequestEvents events = new RequestEvents();
    private final RecentRequests recent;
    private final Tracing tracing;
    private final Guards guards;
    private final dev.switchboard.engine.telemetry.monitor.Alerts alerts;
    private final dev.switchboard.engine.recording.Recording recording;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> closedFully = new CompletableFuture<>();
    private volatile boolean closed;

    private Engine(SwitchboardConfig initial, InstantSource clock, Ticker ticker, Tracing tracing) {
        this.config = new AtomicReference<>(Objects.requireNonNull(initial));
        this.clock = clock;
        this.startedAt = clock.millis();
        this.telemetry = new Telemetry(clock);
        this.cache = TieredCache.open(() -> config.get().tiers(), () -> config.get().resilience().staleGrace(), clock,
                instanceId);
        this.provider = new ProviderRegistry(config::get,
                new SimulatedProvider(() -> config.get().simulated(), sharedUpstream(initial)));
        // The local models in process; a provider's /embeddings endpoint when the settings name one.
        ProviderRegistry providers = provider;
        this.semantic = new SemanticCache(() -> config.get().semantic(), () -> longestTtl(config.get().tiers()),
                clock, s -> s.provider() == null ? Embedders.local(s.model()) : providers.embedder(s));
        cache.attach(semantic);
        this.limits = new Limits(() -> config.get().limits(), initial.tiers().l2().enabled() ? initial.tiers().l2().url()
                : null, initial.tiers().l2().timeout(), ticker);
        this.resilience = new Resilience(() -> config.get().resilience(), ticker, clock);
        this.ledger = Ledger.open(initial.ledger(), () -> config.get().budgets(), clock);
        // The audit trail lives in the ledger's database, on a small pool of its own; off when the ledger is.
        this.audit = initial.ledger().enabled()
                ? AuditLog.open(initial.ledger().url(), initial.ledger().user(), initial.ledger().password(),
                        initial.audit(), clock)
                : AuditLog.off(initial.audit());
        if (audit.enabled()) {
            // audit.requests is read per request, so an edit of it applies at once.
            events.add(new RequestAuditor(audit, () -> config.get().audit().requests()));
        }
        this.guards = new Guards(new GuardStats(), ticker);
        this.tracing = tracing != null ? tracing : Tracing.start(initial.tracing());
        if (initial.logs().requests() != dev.switchboard.engine.telemetry.LogSettings.Requests.OFF) {
            // Registered only when asked for at start: with no listener a request builds no event at all.
            events.add(new dev.switchboard.engine.telemetry.RequestLog(() -> config.get().logs()));
        }
        this.recording = new dev.switchboard.engine.recording.Recording(() -> config.get().recording(),
                ns -> config.get().policy(ns) == dev.switchboard.engine.config.NamespacePolicy.STORE, ticker);
        // The last N requests in memory, for the console's Requests tab; sized at start.
        this.recent = new RecentRequests(initial.logs().recentRequests());
        if (recent.enabled()) {
            events.add(recent);
        }
        this.orchestrator = new Orchestrator(config::get, cache, semantic, provider, limits, resilience, telemetry, ledger,
                guards, new ParseStep(new OutputParser(), parseStats, ticker), events, this.tracing, clock, ticker,
                recording);
        this.routes = new dev.switchboard.engine.routing.RouteRunner(config::get, resilience::available,
                user -> ledger.budgets().check(user), ticker, requests, semantic::embedding, semantic::embedderId);
        this.alerts = dev.switchboard.engine.telemetry.monitor.Alerts.start(() -> config.get().alerts(), clock,
                "switchboard-" + instanceId.substring(0, 8));
        events.add(alerts);
        if (initial.recording().enabled()) {
            try {
                recording.start(initial.recording().path());
            } catch (IllegalArgumentException e) {
                // A recording that cannot be written is not worth refusing traffic over: said once, and in status.
                LOG.warn("{}; not recording", e.getMessage());
            }
        }
    }

    public static Engine start(SwitchboardConfig config) {
        return new Engine(config, InstantSource.system(), Ticker.system(), null);
    }

    /** For tests that move wall-clock time by hand. */
    public static Engine start(SwitchboardConfig config, InstantSource clock) {
        return new Engine(config, clock, Ticker.system(), null);
    }

    /** For tests that move both clocks: wall time (TTLs, ledger dates) and elapsed time (queues, breakers). */
    public static Engine start(SwitchboardConfig config, InstantSource clock, Ticker ticker) {
        return new Engine(config, clock, ticker, null);
    }

    /** With {@code tracing} in place of the config's (tests export spans to memory). */
    public static Engine start(SwitchboardConfig config, Tracing tracing) {
        return new Engine(config, InstantSource.system(), Ticker.system(), tracing);
    }

    /**
     * The last {@code logs.recent_requests} finished requests with their steps' timeline, newest last; one that
     * keeps nothing when that is 0.
     */
    public RecentRequests requestLog() {
        return recent;
    }

    /** The engine's tracer: the gateway opens its server spans with it, so a request's spans nest under them. */
    public Tracing tracing() {
        return tracing;
    }

    /**
     * Runs one request on the calling thread (callers run many at once on virtual threads).
     *
     * @throws dev.switchboard.engine.error.EngineException when the request cannot be answered
     * @throws IllegalStateException once the engine is closed (counted in the snapshot)
     */
    public ChatResult submit(ChatRequest request) {
        enter();
        try {
            return dispatch(request, null);
        } finally {
            exit();
        }
    }

    /**
     * A request naming a route goes to its runner, which calls the request path once per stage or vote; one naming
     * a model goes straight down it.
     */
    private ChatResult dispatch(ChatRequest request, StreamObserver out) {
        dev.switchboard.engine.route.Route route = config.get().routing().route(request.model());
        if (route == null) {
            return out == null ? orchestrator.handle(request) : orchestrator.handleStream(request, out);
        }
        dev.switchboard.engine.routing.RouteRunner.Calls calls =
                (r, o) -> o == null ? orchestrator.handle(r) : orchestrator.handleStream(r, o);
        // Recorded once, as asked, whichever of the route's calls reaches the guards first.
        var mark = recording.route(request);
        return routes.run(request, route, mark == null ? calls
                : (r, o) -> recording.routed(mark, () -> calls.call(r, o)), out);
    }

    /**
     * Recording the traffic this engine serves as a workload file: {@code start(Path)}, {@code stop()},
     * {@code status()}. Only namespaces that may be stored are recorded, as the input guards left them.
     */
    public dev.switchboard.engine.recording.Recording recording() {
        return recording;
    }

    /** The routes' runner: what a table route would pick for a request (the gateway's route-suggest). */
    public dev.switchboard.engine.routing.RouteRunner routes() {
        return routes;
    }

    /**
     * Runs one request on the calling thread, streaming its answer to {@code out} as it arrives (a cached answer is
     * replayed as deltas), and returns it whole at the end.
     *
     * @throws dev.switchboard.engine.error.StreamCutException when the stream broke after its first delta
     * @throws dev.switchboard.engine.error.EngineException when the request could not be answered (before any delta)
     * @throws IllegalStateException once the engine is closed
     */
    public ChatResult submitStream(ChatRequest request, StreamObserver out) {
        java.util.Objects.requireNonNull(out, "out");
        enter();
        try {
            return dispatch(request, out);
        } finally {
            exit();
        }
    }

    /**
     * Registers {@code l} to be told of every request this engine finishes from now on, on the request's thread
     * (monitors, the audit trail, request logs). It must not block.
     */
    public void addRequestListener(dev.switchboard.engine.telemetry.RequestListener l) {
        events.add(l);
    }

    public void removeRequestListener(dev.switchboard.engine.telemetry.RequestListener l) {
        events.remove(l);
    }

    /** Providers whose credentials are being refused: {@code name -> reason}. */
    public java.util.Map<String, String> providerAuthFailures() {
        return provider.authFailures();
    }

    /**
     * Runs one request on a new virtual thread.
     *
     * @throws IllegalStateException once the engine is closed (at once, not through the future)
     */
    public CompletableFuture<ChatResult> submitAsync(ChatRequest request) {
        enter();
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return dispatch(request, null);
                } finally {
                    exit();
                }
            }, requests);
        } catch (RejectedExecutionException e) {
            // Only when close gave up waiting and shut the executor while this call was entering.
            exit();
            refused.increment();
            throw new IllegalStateException("engine is closed", e);
        }
    }

    /**
     * Counts the call in, or refuses it: like HikariCP's ConcurrentBag, work offered to a closed engine fails loudly
     * rather than being taken and lost. The count goes up before {@code closed} is read and close sets {@code
     * closed} before it reads the count, so either the call sees the engine closed or close sees the call.
     */
    private void enter() {
        inFlight.increment();
        if (closed) {
            exit();
            refused.increment();
            throw new IllegalStateException("engine is closed");
        }
    }

    private void exit() {
        inFlight.decrement();
        if (closed) {
            idleLock.lock();
            try {
                idle.signalAll();
            } finally {
                idleLock.unlock();
            }
        }
    }

    public EngineSnapshot snapshot() {
        long now = clock.millis();
        return new EngineSnapshot(now, now - startedAt, telemetry.snapshot(), cache.snapshot(), provider.calls(),
                provider.upstreamViolations(), limits.snapshot(), resilience.snapshot(config.get().models().keySet()),
                ledger.snapshot(), refused.sum(), provider.authFailures(), semantic.snapshot(), parseStats.snapshot(),
                guards.stats().snapshot(), alerts.snapshot(), routes.snapshot(), recording.status());
    }

    public SwitchboardConfig config() {
        return config.get();
    }

    /**
     * Edits the config: {@code edit} gets the current config and returns the next, and is called again if another
     * edit got in first (a compare-and-set loop), so it must only compute. Edit only the part you mean to change:
     * two editors changing different sections at once both keep their change. Requests already running finish
     * with the config they started with.
     *
     * @return the config this edit produced
     * @throws dev.switchboard.engine.config.ConfigException when the edited config is not valid; nothing changes
     */
    public SwitchboardConfig updateConfig(UnaryOperator<SwitchboardConfig> edit) {
        SwitchboardConfig next = config.updateAndGet(c -> Objects.requireNonNull(edit.apply(c), "edit returned null"));
        applyCurrent();
        return next;
    }

    /** Replaces the whole config (e.g. reloaded from its file); editors use {@link #updateConfig(UnaryOperator)}. */
    public void updateConfig(SwitchboardConfig next) {
        Objects.requireNonNull(next);
        updateConfig(c -> next);
    }

    /**
     * What a config swap changes beyond the values read per request, from the current config rather than the
     * caller's: two swaps applying in the other order still leave the newest in force.
     */
    private void applyCurrent() {
        applying.lock();
        try {
            cache.applyConfig(config.get().tiers());
        } finally {
            applying.unlock();
        }
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

    /** The semantic cache's index (lookups go through submit; this is for tools and the console). */
    public SemanticCache semantic() {
        return semantic;
    }

    /** How long a semantic entry lives: as long as the longest-lived enabled tier may hold its answer. */
    private static Duration longestTtl(TiersConfig t) {
        Duration d = Duration.ZERO;
        if (t.l1().enabled() && t.l1().ttl().compareTo(d) > 0) {
            d = t.l1().ttl();
        }
        if (t.l2().enabled() && t.l2().ttl().compareTo(d) > 0) {
            d = t.l2().ttl();
        }
        if (t.l3().enabled() && t.l3().ttl().compareTo(d) > 0) {
            d = t.l3().ttl();
        }
        return d;
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

    /** The audit trail: config changes are appended here by whoever makes them; verify and export read its store. */
    public AuditLog audit() {
        return audit;
    }

    /** The simulated upstream's limit, kept in Redis when the config asks, so instances share one upstream. */
    private static String sharedUpstream(SwitchboardConfig c) {
        return c.simulated().sharedLimit() && c.tiers().l2().enabled() ? c.tiers().l2().url() : null;
    }

    public String instanceId() {
        return instanceId;
    }

    /** True from the moment {@link #close} begins: new work is refused from then on. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Refuses new work, waits (at most 30 s) for the submit() and submitAsync() calls already accepted, then
     * flushes pending tier writes and the ledger and closes pools. Safe to call more than once and from several
     * threads: a second call returns when the first has finished.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            closedFully.join();
            return;
        }
        try {
            closed = true;
            if (!awaitIdle(CLOSE_WAIT)) {
                LOG.warn("closing with {} requests still running after {} s", inFlight.sum(), CLOSE_WAIT.toSeconds());
            }
            // After the requests: every one of them is in the file.
            recording.close();
            requests.shutdown();
            try {
                requests.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // After the requests (each has told its listeners), before the ledger: the audit writes what is queued.
            audit.close();
            // After the requests, before the pools: every answer is journaled by now, and the ledger writes what it can.
            ledger.close();
            // After the requests: the last incidents' notifications are sent (at most 5 s) before the pools close.
            events.remove(alerts);
            alerts.close();
            // The semantic entries' writer uses L3's pool: it drains before the cache closes that pool.
            semantic.close();
            cache.close();
            limits.close();
            resilience.close();
            provider.close();
            // Last: the spans of everything above are ended; what is buffered is sent.
            tracing.close();
        } finally {
            closedFully.complete(null);
        }
    }

    private boolean awaitIdle(Duration timeout) {
        long nanos = timeout.toNanos();
        idleLock.lock();
        try {
            while (inFlight.sum() > 0) {
                if (nanos <= 0) {
                    return false;
                }
                // A sum read while a call leaves may miss its signal: look again at least every 10 ms.
                long slice = Math.min(nanos, 10_000_000L);
                nanos -= slice - idle.awaitNanos(slice);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            idleLock.unlock();
        }
    }
}
