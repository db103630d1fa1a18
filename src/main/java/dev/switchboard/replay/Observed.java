package dev.switchboard.replay;

import dev.switchboard.engine.EngineSnapshot;
import dev.switchboard.engine.config.SimulatedConfig;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.resilience.BreakerSnapshot;
import dev.switchboard.engine.telemetry.LatencySummary;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How each model behaved in live traffic, for a what-if's simulator to mirror: per model the provider latency's p50
 * and p99, the share of calls that failed, and the share answered 429. A model not named keeps the config's
 * {@code simulated} figures.
 */
public record Observed(Map<String, Model> models) {
    /** One model's figures; rates are fractions (0.02 = 2 %). */
    public record Model(double p50Ms, double p99Ms, double errorRate, double rate429) {
        public Model {
            if (!(p50Ms >= 0) || !(p99Ms >= p50Ms)) {
                throw new IllegalArgumentException("observed latency: p50 must be 0 or more and p99 at least p50, got "
                        + p50Ms + " and " + p99Ms + " ms");
            }
            if (!(errorRate >= 0) || !(rate429 >= 0) || errorRate + rate429 > 1) {
                throw new IllegalArgumentException("observed rates: error_rate and rate_429 must be fractions adding "
                        + "up to at most 1, got " + errorRate + " and " + rate429);
            }
        }
    }

    public Observed {
        models = Map.copyOf(models);
    }

    public static Observed none() {
        return new Observed(Map.of());
    }

    /**
     * What a live engine's snapshot says: the provider latency (the snapshot has it for all models together, so each
     * model gets the same p50 and p99), each model's breaker failure rate over its window (where it has enough calls),
     * and the upstream 429s as a share of provider calls (again for all models together). A figure the snapshot
     * does not have leaves the model's config figure in place.
     */
    public static Observed from(EngineSnapshot s, SimulatedConfig fallback) {
        LatencySummary provider = s.traffic().latency().get(ServedBy.PROVIDER);
        boolean timed = provider != null && provider.count() > 0;
        double rate429 = s.providerCalls() <= 0 ? fallback.rate429()
                : Math.min(1, (double) s.limits().retried429() / s.providerCalls());
        Map<String, Model> out = new LinkedHashMap<>();
        for (BreakerSnapshot b : s.resilience().breakers()) {
            double p50 = timed ? provider.p50() : fallback.latencyMedianFor(b.model()).toNanos() / 1e6;
            double p99 = timed ? Math.max(provider.p99(), p50) : fallback.latencyP99For(b.model()).toNanos() / 1e6;
            double errors = b.failureRate() >= 0 ? b.failureRate() / 100.0 : fallback.errorRateFor(b.model());
            double limited = Math.min(rate429, 1 - errors);
            out.put(b.model(), new Model(p50, p99, errors, limited));
        }
        return new Observed(out);
    }

    /** The simulator's settings with these figures in place for the models named. */
    SimulatedConfig applyTo(SimulatedConfig c, java.util.Set<String> configured) {
        if (models.isEmpty()) {
            return c;
        }
        Map<String, SimulatedConfig.ModelBehaviour> m = new LinkedHashMap<>(c.models());
        models.forEach((name, o) -> {
            if (configured.contains(name)) {
                m.put(name, new SimulatedConfig.ModelBehaviour(nanos(o.p50Ms()), nanos(o.p99Ms()), o.errorRate(),
                        o.rate429()));
            }
        });
        return c.withModels(m);
    }

    private static Duration nanos(double ms) {
        return Duration.ofNanos(Math.round(ms * 1e6));
    }
}
