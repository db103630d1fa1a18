package dev.switchboard.engine.config;

import java.time.Duration;
import java.util.List;

/**
 * The offline provider: latency drawn from a log-normal with the given median and p99, random 5xx errors and
 * 429s (with Retry-After), outage windows, and an upstream limit of {@code rateLimitRps} requests per second
 * per model (0 = none) whose breaches it counts as violations; {@code modelErrorRates} override the error rate per
 * model. With {@code sharedLimit} (and L2 on) that limit is
 * counted in Redis, so several engine instances face one upstream, as they would a real provider. Answers to
 * requests that expect structure take the shapes of {@code output} ({@code modelOutput} overrides it per model).
 * With {@code quality} (null: none, the default) answers are right or wrong by a quality model per model and task
 * class, with a calibrated confidence ({@link QualitySettings}). {@code models} sets latency, errors and 429s for
 * one model in place of the shared figures: not read from a file, it is how a what-if's sandbox mirrors each
 * model's observed behaviour.
 */
public record SimulatedConfig(Duration latencyMedian, Duration latencyP99, double errorRate, double rate429,
                              Duration retryAfter, int rateLimitRps, boolean sharedLimit, List<Outage> outages,
                              java.util.Map<String, Double> modelErrorRates, OutputShares output,
                              java.util.Map<String, OutputShares> modelOutput, QualitySettings quality,
                              java.util.Map<String, ModelBehaviour> models) {
    /** One model's latency (a log-normal with this median and p99), 5xx rate and 429 rate. */
    public record ModelBehaviour(Duration latencyMedian, Duration latencyP99, double errorRate, double rate429) {
        public ModelBehaviour {
            if (latencyMedian == null || latencyMedian.isNegative()) {
                throw new IllegalArgumentException("latency.median: must not be negative, got " + latencyMedian);
            }
            if (latencyP99 == null || latencyP99.compareTo(latencyMedian) < 0) {
                throw new IllegalArgumentException("latency.p99: must be at least the median ("
                        + Durations.format(latencyMedian) + "), got " + latencyP99);
            }
            Check.fraction("error_rate", errorRate);
            Check.fraction("rate_429", rate429);
            if (errorRate + rate429 > 1.0) {
                throw new IllegalArgumentException("rate_429: error_rate + rate_429 must not exceed 1");
            }
        }
    }

    public SimulatedConfig(Duration latencyMedian, Duration latencyP99, double errorRate, double rate429,
                           Duration retryAfter, int rateLimitRps, boolean sharedLimit, List<Outage> outages,
                           java.util.Map<String, Double> modelErrorRates, OutputShares output,
                           java.util.Map<String, OutputShares> modelOutput, QualitySettings quality) {
        this(latencyMedian, latencyP99, errorRate, rate429, retryAfter, rateLimitRps, sharedLimit, outages,
                modelErrorRates, output, modelOutput, quality, java.util.Map.of());
    }

    public SimulatedConfig(Duration latencyMedian, Duration latencyP99, double errorRate, double rate429,
                           Duration retryAfter, int rateLimitRps, boolean sharedLimit, List<Outage> outages,
                           java.util.Map<String, Double> modelErrorRates, OutputShares output,
                           java.util.Map<String, OutputShares> modelOutput) {
        this(latencyMedian, latencyP99, errorRate, rate429, retryAfter, rateLimitRps, sharedLimit, outages,
                modelErrorRates, output, modelOutput, null);
    }

    public SimulatedConfig(Duration latencyMedian, Duration latencyP99, double errorRate, double rate429,
                           Duration retryAfter, int rateLimitRps, boolean sharedLimit, List<Outage> outages,
                           java.util.Map<String, Double> modelErrorRates) {
        this(latencyMedian, latencyP99, errorRate, rate429, retryAfter, rateLimitRps, sharedLimit, outages,
                modelErrorRates, OutputShares.DEFAULTS, java.util.Map.of(), null);
    }

    public SimulatedConfig {
        if (latencyMedian.isNegative()) {
            throw new ConfigException(null, "simulated.latency.median", "must not be negative");
        }
        if (latencyP99.compareTo(latencyMedian) < 0) {
            throw new ConfigException(null, "simulated.latency.p99",
                    "must be at least the median (" + Durations.format(latencyMedian) + "), got "
                            + Durations.format(latencyP99));
        }
        Check.fraction("simulated.error_rate", errorRate);
        Check.fraction("simulated.rate_429", rate429);
        if (errorRate + rate429 > 1.0) {
            throw new ConfigException(null, "simulated.rate_429", "error_rate + rate_429 must not exceed 1");
        }
        Check.positive("simulated.retry_after", retryAfter);
        if (rateLimitRps < 0) {
            throw new ConfigException(null, "simulated.rate_limit_rps", "must be zero (no limit) or more, got " + rateLimitRps);
        }
        outages = List.copyOf(outages);
        modelErrorRates = java.util.Map.copyOf(modelErrorRates);
        modelErrorRates.forEach((m, r) -> Check.fraction("simulated.model_error_rates." + m, r));
        output = output == null ? OutputShares.DEFAULTS : output;
        modelOutput = java.util.Map.copyOf(modelOutput == null ? java.util.Map.of() : modelOutput);
        models = java.util.Map.copyOf(models == null ? java.util.Map.of() : models);
    }

    /** This config with {@code m} setting each named model's latency, errors and 429s. */
    public SimulatedConfig withModels(java.util.Map<String, ModelBehaviour> m) {
        return new SimulatedConfig(latencyMedian, latencyP99, errorRate, rate429, retryAfter, rateLimitRps,
                sharedLimit, outages, modelErrorRates, output, modelOutput, quality, m);
    }

    /** This config with its upstream limit counted in this process only. */
    public SimulatedConfig withSharedLimit(boolean shared) {
        return new SimulatedConfig(latencyMedian, latencyP99, errorRate, rate429, retryAfter, rateLimitRps, shared,
                outages, modelErrorRates, output, modelOutput, quality, models);
    }

    public Duration latencyMedianFor(String model) {
        ModelBehaviour b = models.get(model);
        return b == null ? latencyMedian : b.latencyMedian();
    }

    public Duration latencyP99For(String model) {
        ModelBehaviour b = models.get(model);
        return b == null ? latencyP99 : b.latencyP99();
    }

    /** The 429 rate for one model: its own if set, else the global one. */
    public double rate429For(String model) {
        ModelBehaviour b = models.get(model);
        return b == null ? rate429 : b.rate429();
    }

    /** This config with {@code q} as its quality model (null: none). */
    public SimulatedConfig withQuality(QualitySettings q) {
        return new SimulatedConfig(latencyMedian, latencyP99, errorRate, rate429, retryAfter, rateLimitRps, sharedLimit,
                outages, modelErrorRates, output, modelOutput, q, models);
    }

    /** The output shapes for one model: its own if set, else the default ones. */
    public OutputShares outputFor(String model) {
        return modelOutput.getOrDefault(model, output);
    }

    /** The 503 rate for one model: its own if set, else the global one. */
    public double errorRateFor(String model) {
        ModelBehaviour b = models.get(model);
        return b != null ? b.errorRate() : modelErrorRates.getOrDefault(model, errorRate);
    }

    public static SimulatedConfig defaults() {
        return new SimulatedConfig(Duration.ofMillis(300), Duration.ofMillis(1200), 0, 0, Duration.ofSeconds(1), 0,
                false, List.of(), java.util.Map.of());
    }
}
