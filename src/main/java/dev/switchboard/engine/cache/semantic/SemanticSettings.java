package dev.switchboard.engine.cache.semantic;

import java.util.List;
import java.util.Set;

/**
 * The semantic cache's settings, as the engine's config holds them (YAML names in brackets).
 *
 * @param enabled         whether the engine consults the semantic cache at all ({@code enabled})
 * @param model           the embedding model: one of {@link Embedders#localModels()}, or with {@code provider} the
 *                        endpoint's own model id, e.g. {@code text-embedding-3-small} ({@code model})
 * @param threshold       a fixed acceptance threshold on the margin-adjusted similarity; when set it wins over
 *                        {@code maxFalseRate} ({@code threshold}, nullable)
 * @param maxFalseRate    the largest share of wrong hits the operator accepts; the threshold is read off the model's
 *                        calibration table ({@code max_false_rate}, nullable; one of the two must be set)
 * @param margin          how far the candidate must lead the next distinct entry to be taken at its similarity;
 *                        each point it falls short costs {@code marginWeight} points of similarity ({@code margin})
 * @param marginWeight    that cost; 0 turns the margin off ({@code margin_weight})
 * @param nearCopy        a runner-up at least this similar to the candidate is a copy of the same question and does
 *                        not count against the margin ({@code near_copy})
 * @param floor           below this similarity a lookup is a miss, not a refusal ({@code floor})
 * @param maxTurns        requests with more user turns than this skip the semantic cache ({@code max_turns})
 * @param checks          the {@link Verifier} checks to run ({@code checks})
 * @param candidates      how many nearest entries a lookup reads to find the runner-up ({@code candidates})
 * @param bruteForceBelow partitions smaller than this are scanned, larger ones use the graph index
 *                        ({@code brute_force_below})
 * @param calibration     a calibration table file made by {@code semantic eval --calibrate}; null: the table shipped
 *                        for the model ({@code calibration}, nullable)
 * @param provider        the {@code providers:} entry (of kind {@code openai}) whose {@code /embeddings} endpoint embeds,
 *                        instead of an in-process model; null: the local {@code model} ({@code provider}, nullable).
 *                        The shipped calibration table is for a local model, so a provider's model needs
 *                        {@code threshold} or a {@code calibration} of its own ({@link #calibrationProblem()})
 */
public record SemanticSettings(boolean enabled, String model, Double threshold, Double maxFalseRate, double margin,
                               double marginWeight, double nearCopy, double floor, int maxTurns, Set<String> checks,
                               int candidates, int bruteForceBelow, String calibration, String provider) {
    /** Checks on by default: each lowered the false-hit rate on the dev pairs (see the package documentation). */
    public static final Set<String> DEFAULT_CHECKS = Set.of(Verifier.NUMBER, Verifier.NEGATION, Verifier.ANTONYM,
            Verifier.ENTITY);

    /** Settings for an in-process model (no {@code provider}). */
    public SemanticSettings(boolean enabled, String model, Double threshold, Double maxFalseRate, double margin,
                            double marginWeight, double nearCopy, double floor, int maxTurns, Set<String> checks,
                            int candidates, int bruteForceBelow, String calibration) {
        this(enabled, model, threshold, maxFalseRate, margin, marginWeight, nearCopy, floor, maxTurns, checks,
                candidates, bruteForceBelow, calibration, null);
    }

    public SemanticSettings {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model: required");
        }
        if (provider != null && provider.isBlank()) {
            throw new IllegalArgumentException("provider: must name a providers entry, or be left out for a local "
                    + "model");
        }
        if (threshold == null && maxFalseRate == null) {
            throw new IllegalArgumentException("threshold or max_false_rate: one of the two is required");
        }
        if (threshold != null && !(threshold >= -1 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold: must be between -1 and 1, got " + threshold);
        }
        if (maxFalseRate != null && !(maxFalseRate > 0 && maxFalseRate < 1)) {
            throw new IllegalArgumentException("max_false_rate: must be between 0 and 1 (exclusive), got "
                    + maxFalseRate);
        }
        range("margin", margin, 0, 1);
        range("margin_weight", marginWeight, 0, 10);
        range("near_copy", nearCopy, 0, 1);
        range("floor", floor, -1, 1);
        if (maxTurns < 1) {
            throw new IllegalArgumentException("max_turns: must be at least 1, got " + maxTurns);
        }
        checks = Set.copyOf(checks);
        for (String c : checks) {
            if (!Verifier.CHECKS.contains(c)) {
                throw new IllegalArgumentException("checks: unknown check '" + c + "', known: "
                        + String.join(", ", Verifier.CHECKS));
            }
        }
        if (candidates < 2 || candidates > 100) {
            throw new IllegalArgumentException("candidates: must be between 2 and 100, got " + candidates);
        }
        if (bruteForceBelow < 0) {
            throw new IllegalArgumentException("brute_force_below: must not be negative, got " + bruteForceBelow);
        }
    }

    private static void range(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(name + ": must be between " + lo + " and " + hi + ", got " + v);
        }
    }

    /** The shipped defaults, measured with {@code semantic eval} on the dev pairs. */
    public static SemanticSettings defaults() {
        return new SemanticSettings(false, Embedders.DEFAULT_MODEL, null, 0.135, 0.15, 0.5, 0.95, 0.80, 1,
                DEFAULT_CHECKS, 8, 2048, null);
    }

    public SemanticSettings withEnabled(boolean on) {
        return new SemanticSettings(on, model, threshold, maxFalseRate, margin, marginWeight, nearCopy, floor,
                maxTurns, checks, candidates, bruteForceBelow, calibration, provider);
    }

    public SemanticSettings withThreshold(Double t) {
        return new SemanticSettings(enabled, model, t, t == null ? maxFalseRate : null, margin, marginWeight,
                nearCopy, floor, maxTurns, checks, candidates, bruteForceBelow, calibration, provider);
    }

    public SemanticSettings withMaxFalseRate(Double r) {
        return new SemanticSettings(enabled, model, null, r, margin, marginWeight, nearCopy, floor, maxTurns,
                checks, candidates, bruteForceBelow, calibration, provider);
    }

    public SemanticSettings withModel(String m) {
        return new SemanticSettings(enabled, m, threshold, maxFalseRate, margin, marginWeight, nearCopy, floor,
                maxTurns, checks, candidates, bruteForceBelow, calibration, provider);
    }

    public SemanticSettings withChecks(Set<String> c) {
        return new SemanticSettings(enabled, model, threshold, maxFalseRate, margin, marginWeight, nearCopy, floor,
                maxTurns, c, candidates, bruteForceBelow, calibration, provider);
    }

    public SemanticSettings withMargin(double m, double weight) {
        return new SemanticSettings(enabled, model, threshold, maxFalseRate, m, weight, nearCopy, floor, maxTurns,
                checks, candidates, bruteForceBelow, calibration, provider);
    }

    public SemanticSettings withBruteForceBelow(int n) {
        return new SemanticSettings(enabled, model, threshold, maxFalseRate, margin, marginWeight, nearCopy, floor,
                maxTurns, checks, candidates, n, calibration, provider);
    }

    public SemanticSettings withCalibration(String file) {
        return new SemanticSettings(enabled, model, threshold, maxFalseRate, margin, marginWeight, nearCopy, floor,
                maxTurns, checks, candidates, bruteForceBelow, file, provider);
    }

    /**
     * Embeddings from this {@code providers:} entry's {@code /embeddings} endpoint (null: the local model again);
     * {@link #model()} is then the endpoint's model id.
     */
    public SemanticSettings withProvider(String p) {
        return new SemanticSettings(enabled, model, threshold, maxFalseRate, margin, marginWeight, nearCopy, floor,
                maxTurns, checks, candidates, bruteForceBelow, calibration, p);
    }

    /** True when a provider's endpoint embeds, not an in-process model. */
    public boolean remote() {
        return provider != null;
    }

    /**
     * Where the embeddings come from, for telling one embedder from the next: the local model's name, or
     * {@code provider/model}. Unambiguous: local model names have no {@code /}.
     */
    public String embedderSource() {
        return provider == null ? model : provider + "/" + model;
    }

    /**
     * Why {@code max_false_rate} cannot be turned into a threshold for a provider's model, or null when it can (or
     * is not asked for): the shipped calibration table was measured on the local {@value Embedders#DEFAULT_MODEL},
     * and another model's similarities lie elsewhere. Starts with the field, as the constructor's messages do.
     */
    public String calibrationProblem() {
        if (provider == null || threshold != null || calibration != null) {
            return null;
        }
        return "max_false_rate: the shipped calibration table is for the local model " + Embedders.DEFAULT_MODEL
                + " only, not for provider '" + provider + "' model '" + model + "'; set threshold, or a calibration "
                + "table made by `switchboard semantic eval --calibrate` with this provider and model";
    }

    /** The checks in their running order, for display. */
    public List<String> orderedChecks() {
        return Verifier.CHECKS.stream().filter(checks::contains).toList();
    }
}
