package dev.switchboard.replay;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.routing.RoutingSnapshot;
import dev.switchboard.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Try settings before applying them: one workload through two sandboxed engines side by side, one with the current
 * settings and one with the proposed, and what differs. Each engine is a {@link Sandbox} (the simulator for every
 * provider, stores of its own, nothing sent anywhere), started fresh (both at once); each replays the workload as
 * fast as it answers ({@code replay --max-rate}, the same concurrency), one after the other so that each has the
 * machine as a plain replay would, on a {@link WorkloadClock} that follows the requests' {@code at_ms}, so TTLs
 * expire as they would have for the recorded traffic; and at each second of that clock the writes to the slower
 * tiers are let catch up, as they would have in the time the replay skips.
 *
 * <pre>{@code
 * WhatIfResult r = WhatIf.of(engine.config(), draft)
 *         .observed(Observed.from(engine.snapshot(), engine.config().simulated()))
 *         .progress(f -> bar.set(f))
 *         .run(workload);           // cancel() from another thread stops it
 * }</pre>
 *
 * One instance runs once.
 */
public final class WhatIf {
    /** How far the run has got, 0 to 1; called from request threads at most once per thousandth, keep it cheap. */
    public interface Progress {
        void update(double fraction);
    }

    private final SwitchboardConfig current;
    private final SwitchboardConfig proposed;
    private Observed observed = Observed.none();
    private int concurrency = ReplayOptions.DEFAULT_CONCURRENCY;
    private Progress progress = f -> { };
    private final ReplayControl currentControl = new ReplayControl();
    private final ReplayControl proposedControl = new ReplayControl();
    private volatile boolean cancelled;
    private final java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();

    private WhatIf(SwitchboardConfig current, SwitchboardConfig proposed) {
        this.current = Objects.requireNonNull(current, "current");
        this.proposed = Objects.requireNonNull(proposed, "proposed");
    }

    /** @param proposed the draft: a config that validated (an editor's, or a file loaded) */
    public static WhatIf of(SwitchboardConfig current, SwitchboardConfig proposed) {
        return new WhatIf(current, proposed);
    }

    /** The live models' figures for the simulator to mirror (default: the configs' own {@code simulated}). */
    public WhatIf observed(Observed o) {
        observed = Objects.requireNonNull(o, "observed");
        return this;
    }

    /** Requests in flight per engine (default 64, as {@code replay --max-rate}); 1 makes the run deterministic. */
    public WhatIf concurrency(int n) {
        if (n < 1 || n > ReplayOptions.MAX_CONCURRENCY) {
            throw new IllegalArgumentException("concurrency: must be between 1 and " + ReplayOptions.MAX_CONCURRENCY
                    + ", got " + n);
        }
        concurrency = n;
        return this;
    }

    public WhatIf progress(Progress p) {
        progress = Objects.requireNonNull(p, "progress");
        return this;
    }

    /** Stops the run from any thread: requests in flight finish, the rest are not sent; {@code run} returns soon. */
    public void cancel() {
        cancelled = true;
        currentControl.stop();
        proposedControl.stop();
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Runs {@code w} through both sandboxes and compares them; blocks until both are done (or cancelled) and closed.
     *
     * @throws IllegalStateException when this what-if ran already
     * @throws InterruptedException  when the calling thread is interrupted (the run is cancelled first)
     */
    public WhatIfResult run(Workload w) throws InterruptedException {
        if (!ran.compareAndSet(false, true)) {
            throw new IllegalStateException("this what-if has run already; make another");
        }
        long t0 = System.nanoTime();
        Sandbox a = Sandbox.of(current, observed);
        Sandbox b = Sandbox.of(proposed, observed);
        long firstAt = w.entries().isEmpty() ? 0 : w.entries().get(0).atMs();
        for (var e : w.entries()) {
            firstAt = Math.min(firstAt, e.atMs());
        }
        long now = System.currentTimeMillis();
        Side left = new Side(a, new WorkloadClock(now, firstAt), w, currentControl);
        Side right = new Side(b, new WorkloadClock(now, firstAt), w, proposedControl);
        long total = 2L * w.entries().size();
        AtomicLong done = new AtomicLong();
        AtomicInteger shown = new AtomicInteger();
        java.util.concurrent.locks.ReentrantLock reporting = new java.util.concurrent.locks.ReentrantLock();
        ReplayRunner.Progress each = (d, t) -> {
            long n = done.incrementAndGet();
            // One thread reports at a time (the others go on), so the fractions arrive in order.
            if (1000 * n / Math.max(1, total) > shown.get() && reporting.tryLock()) {
                try {
                    int permille = (int) (1000 * done.get() / Math.max(1, total));
                    if (permille > shown.get()) {
                        shown.set(permille);
                        progress.update(permille / 1000.0);
                    }
                } finally {
                    reporting.unlock();
                }
            }
        };
        try {
            both(left::start, right::start);
            if (!cancelled) {
                // One after the other, each with the machine to itself as a plain replay has it: run side by side
                // they would slow each other down, and what is timed (queues, windows, coalescing) would differ.
                ReplayOptions options = ReplayOptions.maxRate(concurrency);
                left.run(options, each);
                if (!cancelled) {
                    right.run(options, each);
                }
            }
        } catch (InterruptedException e) {
            cancel();
            throw e;
        } finally {
            both(left::close, right::close);
        }
        if (left.report == null || right.report == null) {
            ReplayReport none = emptyReport(w);
            left.report = left.report == null ? none : left.report;
            right.report = right.report == null ? none : right.report;
        }
        progress.update(1.0);
        return new WhatIfResult(w.source(), w.entries().size(), left.report, right.report, left.timeline.bucketMs(),
                points(left.timeline, right.timeline), differences(left, right), a.notes(), b.notes(), cancelled,
                (System.nanoTime() - t0) / 1e9);
    }

    /** One sandboxed engine, its clock and its figures. */
    private static final class Side {
        final Sandbox sandbox;
        final WorkloadClock clock;
        final Workload workload;
        final ReplayControl control;
        final Timeline timeline;
        Engine engine;
        ReplayReport report;
        RoutingSnapshot routing = RoutingSnapshot.empty();

        Side(Sandbox sandbox, WorkloadClock clock, Workload workload, ReplayControl control) {
            this.sandbox = sandbox;
            this.clock = clock;
            this.workload = workload;
            this.control = control;
            boolean slowTiers = sandbox.config().tiers().l2().enabled() || sandbox.config().tiers().l3().enabled();
            this.timeline = new Timeline(workload, clock, slowTiers
                    ? () -> engine.cache().awaitWrites(java.time.Duration.ofSeconds(30)) : null);
        }

        void start() {
            engine = Engine.start(sandbox.config(), clock);
        }

        void run(ReplayOptions options, ReplayRunner.Progress progress) throws InterruptedException {
            report = new ReplayRunner(engine, progress, control, timeline).run(workload, options);
            routing = engine.snapshot().routing();
        }

        void close() {
            if (engine != null) {
                engine.close();
            }
        }
    }

    private interface Step {
        void run() throws InterruptedException;
    }

    /** Runs both steps at once and waits for both; the first failure is rethrown once both have ended. */
    private static void both(Step x, Step y) throws InterruptedException {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread other = Thread.ofVirtual().name("whatif-proposed").start(() -> {
            try {
                y.run();
            } catch (Throwable t) {
                failed.compareAndSet(null, t);
            }
        });
        try {
            x.run();
        } catch (Throwable t) {
            failed.compareAndSet(null, t);
        }
        other.join();
        Throwable t = failed.get();
        if (t instanceof InterruptedException ie) {
            throw ie;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    private static List<WhatIfResult.Point> points(Timeline a, Timeline b) {
        List<WhatIfResult.Figures> x = a.points();
        List<WhatIfResult.Figures> y = b.points();
        List<WhatIfResult.Point> out = new ArrayList<>(x.size());
        for (int i = 0; i < x.size(); i++) {
            out.add(new WhatIfResult.Point(i * a.bucketMs(), x.get(i), y.get(i)));
        }
        return out;
    }

    /**
     * Hit rate overall and by tier, cost and saving, violations and false hits, refusals by reason, failures by kind,
     * latency p50/p95/p99 over every answer, and the routed answers' shares per model when either side routed.
     */
    private static List<WhatIfResult.Difference> differences(Side a, Side b) {
        ReplayReport x = a.report;
        ReplayReport y = b.report;
        List<WhatIfResult.Difference> d = new ArrayList<>();
        d.add(share("hit_rate", x.hitRate(), y.hitRate()));
        for (ServedBy s : List.of(ServedBy.L1, ServedBy.L2, ServedBy.L3, ServedBy.SEMANTIC)) {
            d.add(share("hit_rate." + s.name().toLowerCase(java.util.Locale.ROOT), rate(x, s), rate(y, s)));
        }
        d.add(count("hits", x.hits(), y.hits()));
        d.add(count("misses", x.misses(), y.misses()));
        d.add(count("provider_calls", x.providerCalls(), y.providerCalls()));
        d.add(new WhatIfResult.Difference("cost_usd", WhatIfResult.Unit.USD, x.costUsd(), y.costUsd()));
        d.add(new WhatIfResult.Difference("saved_usd", WhatIfResult.Unit.USD, x.costSavedUsd(), y.costSavedUsd()));
        d.add(count("violations", x.upstreamViolations(), y.upstreamViolations()));
        d.add(count("false_hits", x.falseHits(), y.falseHits()));
        for (String reason : keys(x.rateLimited(), y.rateLimited())) {
            d.add(count("refused." + reason, x.rateLimited().getOrDefault(reason, 0L),
                    y.rateLimited().getOrDefault(reason, 0L)));
        }
        for (String kind : keys(x.failed(), y.failed())) {
            d.add(count("failed." + kind, x.failed().getOrDefault(kind, 0L), y.failed().getOrDefault(kind, 0L)));
        }
        for (double p : new double[] {50, 95, 99}) {
            d.add(new WhatIfResult.Difference("latency_ms.p" + (int) p, WhatIfResult.Unit.MS, a.timeline.latencyMs(p),
                    b.timeline.latencyMs(p)));
        }
        if (a.routing.requests() > 0 || b.routing.requests() > 0) {
            for (String model : keys(a.routing.models(), b.routing.models())) {
                d.add(share("routed." + model, routedShare(a.routing, model), routedShare(b.routing, model)));
            }
        }
        return d;
    }

    private static double rate(ReplayReport r, ServedBy s) {
        return r.requests() == 0 ? 0 : (double) r.served().getOrDefault(s, 0L) / r.requests();
    }

    private static double routedShare(RoutingSnapshot r, String model) {
        long all = r.models().values().stream().mapToLong(Long::longValue).sum();
        return all == 0 ? 0 : (double) r.models().getOrDefault(model, 0L) / all;
    }

    private static TreeSet<String> keys(Map<String, Long> x, Map<String, Long> y) {
        TreeSet<String> k = new TreeSet<>(x.keySet());
        k.addAll(y.keySet());
        return k;
    }

    private static WhatIfResult.Difference share(String metric, double x, double y) {
        return new WhatIfResult.Difference(metric, WhatIfResult.Unit.SHARE, x, y);
    }

    private static WhatIfResult.Difference count(String metric, long x, long y) {
        return new WhatIfResult.Difference(metric, WhatIfResult.Unit.COUNT, x, y);
    }

    /** For a run cancelled before its engines answered anything. */
    private static ReplayReport emptyReport(Workload w) {
        Map<ServedBy, Long> served = new java.util.EnumMap<>(ServedBy.class);
        Map<ServedBy, dev.switchboard.engine.telemetry.LatencySummary> latency = new java.util.EnumMap<>(ServedBy.class);
        for (ServedBy s : ServedBy.values()) {
            served.put(s, 0L);
            latency.put(s, new dev.switchboard.engine.telemetry.LatencyTracker().summary());
        }
        return new ReplayReport(w.source(), 0, served, 0, 0, 0, 0, 0, new TreeMap<>(), new TreeMap<>(), 0, 0,
                new ReplayReport.Resilience(0, 0, 0, 0, 0, 0, 0), 0, 0, latency, 0, w.problems(),
                ReplayReport.Parse.NONE, ReplayReport.Guards.NONE, 0);
    }
}
