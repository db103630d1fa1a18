package dev.switchboard.workload;

import java.time.Duration;
import java.util.Map;

/**
 * What {@link WorkloadGenerator} makes.
 *
 * @param intents         distinct things asked; popularity follows Zipf with exponent {@code zipf}
 * @param paraphraseShare share of requests that word their intent differently from its usual phrasing
 * @param plans           weight of each plan among users
 * @param models          weight of each model among users (each user's app calls one model)
 * @param distinct        every request asks something new (a burst of cache misses)
 * @param schemaShare     share of requests asking for structured output: a {@code response_format} with one of
 *                        the shipped {@link WorkloadSchemas}
 * @param taskShare       share of the other requests that are a task prompt from {@link WorkloadTasks} (a class
 *                        and complexity on the line)
 */
public record GeneratorSpec(int requests, Duration duration, int intents, double zipf, double paraphraseShare,
                            int users, Map<String, Double> plans, Map<String, Double> models, String system,
                            long seed, boolean distinct, double schemaShare, double taskShare) {
    public GeneratorSpec(int requests, Duration duration, int intents, double zipf, double paraphraseShare,
                         int users, Map<String, Double> plans, Map<String, Double> models, String system,
                         long seed, boolean distinct) {
        this(requests, duration, intents, zipf, paraphraseShare, users, plans, models, system, seed, distinct, 0);
    }

    public GeneratorSpec(int requests, Duration duration, int intents, double zipf, double paraphraseShare,
                         int users, Map<String, Double> plans, Map<String, Double> models, String system,
                         long seed, boolean distinct, double schemaShare) {
        this(requests, duration, intents, zipf, paraphraseShare, users, plans, models, system, seed, distinct,
                schemaShare, 0);
    }

    public GeneratorSpec {
        require(schemaShare >= 0 && schemaShare <= 1, "--schema", "must be between 0 and 1, got " + schemaShare);
        require(taskShare >= 0 && taskShare <= 1, "--tasks", "must be between 0 and 1, got " + taskShare);
        require(requests >= 1, "--requests", "must be at least 1, got " + requests);
        require(!duration.isNegative() && !duration.isZero(), "--duration", "must be positive");
        require(intents >= 1 && intents <= WorkloadGenerator.MAX_INTENTS, "--intents",
                "must be between 1 and " + WorkloadGenerator.MAX_INTENTS + ", got " + intents);
        require(zipf >= 0 && zipf <= 5, "--zipf", "must be between 0 (uniform) and 5, got " + zipf);
        require(paraphraseShare >= 0 && paraphraseShare <= 1, "--paraphrase", "must be between 0 and 1, got " + paraphraseShare);
        require(users >= 1, "--users", "must be at least 1, got " + users);
        weights("--plans", plans);
        weights("--models", models);
        plans = Map.copyOf(plans);
        models = Map.copyOf(models);
    }

    private static void weights(String option, Map<String, Double> w) {
        require(!w.isEmpty(), option, "needs at least one name=weight");
        w.forEach((k, v) -> require(v != null && v >= 0, option, "weight of " + k + " must be zero or more"));
        require(w.values().stream().mapToDouble(Double::doubleValue).sum() > 0, option, "weights must not all be zero");
    }

    private static void require(boolean ok, String option, String reason) {
        if (!ok) {
            throw new IllegalArgumentException(option + ": " + reason);
        }
    }

    /** Parses {@code free=0.5,pro=0.3}. */
    public static Map<String, Double> parseWeights(String option, String text) {
        java.util.LinkedHashMap<String, Double> out = new java.util.LinkedHashMap<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(option + ": expected name=weight, got '" + p + "'");
            }
            try {
                out.put(p.substring(0, eq).trim(), Double.parseDouble(p.substring(eq + 1).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": weight of " + p.substring(0, eq).trim()
                        + " is not a number: '" + p.substring(eq + 1).trim() + "'");
            }
        }
        return out;
    }
}
