package dev.switchboard.engine.routing;

import dev.switchboard.engine.route.Route;
import dev.switchboard.engine.route.TableRoute;
import dev.switchboard.engine.route.ExperimentRoute;
import dev.switchboard.engine.route.Routed;

import dev.switchboard.engine.request.ChatResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** Counts what routes did, lock-free on the request path; read by {@link #snapshot}. */
public final class RouteStats {
    private static final int MAX_STAGES = 8;

    private final LongAdder requests = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final DoubleAdder premiumCost = new DoubleAdder();
    private final DoubleAdder cost = new DoubleAdder();
    private final ConcurrentHashMap<String, LongAdder> byModel = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PerRoute> routes = new ConcurrentHashMap<>();

    private static final class PerRoute {
        final String kind;
        final LongAdder requests = new LongAdder();
        final LongAdder failures = new LongAdder();
        final DoubleAdder cost = new DoubleAdder();
        final AtomicLongArray byStage = new AtomicLongArray(MAX_STAGES);
        final LongAdder votesCast = new LongAdder();
        final LongAdder stoppedEarly = new LongAdder();
        final ArmCounts[] arms = {new ArmCounts(), new ArmCounts()};
        volatile String[] armModels = new String[2];

        PerRoute(String kind) {
            this.kind = kind;
        }
    }

    private static final class ArmCounts {
        final LongAdder requests = new LongAdder();
        final LongAdder errors = new LongAdder();
        final DoubleAdder cost = new DoubleAdder();
        final DoubleAdder latencyMs = new DoubleAdder();
        final LongAdder parsed = new LongAdder();
        final LongAdder unparsed = new LongAdder();
    }

    private PerRoute of(Route r) {
        return routes.computeIfAbsent(r.name(), n -> new PerRoute(r.kind()));
    }

    /** A routed request answered ({@code r} carries its {@link Routed}). */
    public void answered(Route route, ChatResult r, int votesCast, boolean stoppedEarly) {
        Routed how = r.routed();
        requests.increment();
        byModel.computeIfAbsent(how.model(), m -> new LongAdder()).increment();
        if (how.premiumCostUsd() > 0) {
            premiumCost.add(how.premiumCostUsd());
            cost.add(r.costUsd());
        }
        PerRoute p = of(route);
        p.requests.increment();
        p.cost.add(r.costUsd());
        if (how.stage() > 0) {
            p.byStage.incrementAndGet(Math.min(how.stage(), MAX_STAGES) - 1);
        }
        if (votesCast > 0) {
            p.votesCast.add(votesCast);
            if (stoppedEarly) {
                p.stoppedEarly.increment();
            }
        }
    }

    /**
     * A table's request answered by the route its cell named: counted on the table's row too (the totals and the
     * answering route's row have it already).
     */
    public void throughTable(TableRoute t, ChatResult r) {
        PerRoute p = of(t);
        p.requests.increment();
        p.cost.add(r.costUsd());
    }

    /** An experiment's arm answered: its cost, latency and whether an expected structure parsed. */
    public void armAnswered(ExperimentRoute e, int arm, ChatResult r) {
        PerRoute p = of(e);
        p.armModels = new String[] {e.a(), e.b()};
        ArmCounts a = p.arms[arm];
        a.requests.increment();
        a.cost.add(r.costUsd());
        a.latencyMs.add(r.latencyNanos() / 1e6);
        if (r.output() != null) {
            (r.output().parsed() ? a.parsed : a.unparsed).increment();
        }
    }

    /** An experiment's arm failed to answer ({@code unparsed} when the failure was its answer not parsing). */
    public void armFailed(ExperimentRoute e, int arm, boolean unparsed) {
        PerRoute p = of(e);
        p.armModels = new String[] {e.a(), e.b()};
        p.arms[arm].errors.increment();
        if (unparsed) {
            p.arms[arm].unparsed.increment();
        }
    }

    public void failed(Route route) {
        failures.increment();
        of(route).failures.increment();
    }

    public RoutingSnapshot snapshot(String premium) {
        Map<String, Long> models = new TreeMap<>();
        byModel.forEach((m, n) -> models.put(m, n.sum()));
        List<RoutingSnapshot.RouteRow> rows = new ArrayList<>();
        new TreeMap<>(routes).forEach((name, p) -> {
            List<Long> stages = new ArrayList<>();
            int last = -1;
            for (int i = 0; i < MAX_STAGES; i++) {
                if (p.byStage.get(i) > 0) {
                    last = i;
                }
            }
            for (int i = 0; i <= last; i++) {
                stages.add(p.byStage.get(i));
            }
            List<RoutingSnapshot.Arm> arms = new ArrayList<>();
            if ("experiment".equals(p.kind)) {
                String[] names = p.armModels;
                for (int i = 0; i < 2; i++) {
                    ArmCounts a = p.arms[i];
                    arms.add(new RoutingSnapshot.Arm(i == 0 ? "a" : "b", names[i], a.requests.sum(), a.errors.sum(),
                            a.cost.sum(), a.latencyMs.sum(), a.parsed.sum(), a.unparsed.sum()));
                }
            }
            rows.add(new RoutingSnapshot.RouteRow(name, p.kind, p.requests.sum(), p.failures.sum(), p.cost.sum(),
                    stages, p.votesCast.sum(), p.stoppedEarly.sum(), arms));
        });
        return new RoutingSnapshot(premium, requests.sum(), failures.sum(), models, premiumCost.sum(), cost.sum(),
                rows);
    }
}
