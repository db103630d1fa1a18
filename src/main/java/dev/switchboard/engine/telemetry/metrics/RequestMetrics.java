package dev.switchboard.engine.telemetry.metrics;

import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.telemetry.RequestEvent;
import dev.switchboard.engine.telemetry.RequestListener;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counts each finished request on its own thread: requests by outcome, served-by, model and namespace; latency per
 * served-by and model; tokens and cost per model. {@link LongAdder}-backed ({@link LongCounter},
 * {@link LatencyHistogram}); the label children are looked up once per combination and kept in arrays, so a
 * request pays a few array reads and adds.
 */
final class RequestMetrics implements RequestListener {
    private static final int OUTCOMES = LabelBounds.OUTCOMES.size();

    private final Supplier<SwitchboardConfig> config;
    private final LongCounter requests;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final LongCounter tokens;
    private final LongCounter cost;
    private volatile Children children;

    RequestMetrics(PrometheusRegistry registry, Supplier<SwitchboardConfig> config) {
        this.config = config;
        this.requests = new LongCounter("switchboard_requests", "Requests finished, by outcome (ok or the error "
                + "kind), where the answer came from, the model (the one asked for when none answered) and the "
                + "namespace", 1, "outcome", "served_by", "model", "namespace");
        this.tokens = new LongCounter("switchboard_tokens", "Tokens of provider answers (billed; cache hits are "
                + "not), by model and direction (in: prompt, out: completion)", 1, "model", "direction");
        this.cost = new LongCounter("switchboard_cost_usd", "What answered requests cost, in US dollars, by the "
                + "model that answered", 1e-6, "model");
        registry.register(requests);
        registry.register(latency);
        registry.register(tokens);
        registry.register(cost);
    }

    @Override
    public void onRequest(RequestEvent e) {
        Children c = current();
        LabelBounds bounds = c.bounds;
        boolean failed = e.failed();
        PerModel m = c.byModel.get(bounds.model(failed ? e.modelAsked() : e.model()));
        int served = LabelBounds.served(e.servedBy());
        m.requests(bounds.namespace(e.namespace()), LabelBounds.outcome(e.outcome()), served).inc();
        m.latency(served).observe(e.latencyNanos());
        // Tokens a provider billed for this request; a cache hit's tokens were billed once, when it was stored.
        if (e.servedBy() == ServedBy.PROVIDER) {
            m.tokensIn.add(e.tokensIn());
            m.tokensOut.add(e.tokensOut());
        }
        if (e.costMicros() > 0) {
            m.cost.add(e.costMicros());
        }
    }

    /** The children for the config in force: rebuilt (empty, filled as requests come) when the config changes. */
    private Children current() {
        Children c = children;
        SwitchboardConfig cfg = config.get();
        if (c == null || c.bounds.config != cfg) {
            c = new Children(new LabelBounds(cfg));
            children = c;
        }
        return c;
    }

    private final class Children {
        final LabelBounds bounds;
        final Map<String, PerModel> byModel;

        Children(LabelBounds bounds) {
            this.bounds = bounds;
            Map<String, PerModel> m = new HashMap<>();
            for (String name : bounds.config.models().keySet()) {
                m.put(name, new PerModel(name, bounds.namespaceNames));
            }
            m.put(LabelBounds.OTHER, new PerModel(LabelBounds.OTHER, bounds.namespaceNames));
            this.byModel = Map.copyOf(m);
        }
    }

    /** One model's label children, found on first use (a race finds the same child twice: harmless). */
    private final class PerModel {
        final String model;
        final java.util.List<String> namespaces;
        final AtomicReferenceArray<LongCounter.Child> requests;
        final AtomicReferenceArray<LatencyHistogram.Child> latency = new AtomicReferenceArray<>(LabelBounds.SERVED);
        final LongCounter.Child tokensIn;
        final LongCounter.Child tokensOut;
        final LongCounter.Child cost;

        PerModel(String model, java.util.List<String> namespaces) {
            this.model = model;
            this.namespaces = namespaces;
            this.requests = new AtomicReferenceArray<>(namespaces.size() * OUTCOMES * LabelBounds.SERVED);
            this.tokensIn = tokens.child(model, "in");
            this.tokensOut = tokens.child(model, "out");
            this.cost = RequestMetrics.this.cost.child(model);
        }

        LongCounter.Child requests(int ns, int outcome, int served) {
            int i = (ns * OUTCOMES + outcome) * LabelBounds.SERVED + served;
            LongCounter.Child p = requests.get(i);
            if (p == null) {
                p = RequestMetrics.this.requests.child(LabelBounds.OUTCOMES.get(outcome),
                        LabelBounds.servedName(served), model, namespaces.get(ns));
                requests.set(i, p);
            }
            return p;
        }

        LatencyHistogram.Child latency(int served) {
            LatencyHistogram.Child p = latency.get(served);
            if (p == null) {
                p = RequestMetrics.this.latency.child(LabelBounds.servedName(served), model);
                latency.set(served, p);
            }
            return p;
        }
    }
}
