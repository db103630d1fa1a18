package dev.switchboard.engine.config;

import dev.switchboard.engine.route.Complexity;
import dev.switchboard.engine.route.TaskClass;
import java.util.EnumMap;
import java.util.Map;

/**
 * The simulator's quality model (config {@code simulated.quality}): per model, the probability of a correct answer
 * per task class ({@code default} for the classes not listed), shifted by the prompt's complexity and clamped to
 * [{@value #MIN_P}, {@value #MAX_P}]; {@code separation}, how well a model's own confidence tells its right answers
 * from its wrong ones (d' of the signal); {@code correlation}, how much models and samples share one prompt's
 * difficulty (0: independent, 1: one shared draw). A model not in {@code models} gives no verdict. The behaviour is
 * {@code provider.SimulatedQuality}'s.
 *
 * @param models     by model name
 * @param complexity added to the probability per complexity (absent: 0)
 */
public record QualitySettings(Map<String, ModelQuality> models, Map<Complexity, Double> complexity, double separation,
                              double correlation) {
    public static final double MIN_P = 0.02;
    public static final double MAX_P = 0.99;
    public static final double DEFAULT_SEPARATION = 1.5;
    public static final double DEFAULT_CORRELATION = 0.5;
    /** The largest separation accepted: past it a confidence is 0 or 1 to many decimals. */
    public static final double MAX_SEPARATION = 10;

    /**
     * One model's probabilities of a correct answer.
     *
     * @param fallback the probability for a class {@code byTask} does not list ({@code default} in the file)
     */
    public record ModelQuality(double fallback, Map<TaskClass, Double> byTask) {
        public ModelQuality {
            byTask = byTask == null || byTask.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(byTask));
        }

        /** The probability for {@code c}, before the complexity shift. */
        public double of(TaskClass c) {
            return byTask.getOrDefault(c, fallback);
        }
    }

    public QualitySettings {
        models = Map.copyOf(models == null ? Map.of() : models);
        complexity = complexity == null || complexity.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(complexity));
        for (Map.Entry<String, ModelQuality> e : models.entrySet()) {
            String at = "simulated.quality.models." + e.getKey();
            Check.fraction(at + ".default", e.getValue().fallback());
            e.getValue().byTask().forEach((c, q) -> Check.fraction(at + "." + c.wireName(), q));
        }
        complexity.forEach((x, v) -> {
            if (!(v >= -1.0 && v <= 1.0)) {
                throw new ConfigException(null, "simulated.quality.complexity." + x.wireName(),
                        "must be between -1 and 1 (added to the probability), got " + v);
            }
        });
        if (!(separation >= 0 && separation <= MAX_SEPARATION)) {
            throw new ConfigException(null, "simulated.quality.separation",
                    "must be between 0 (confidence says nothing) and " + (int) MAX_SEPARATION + ", got " + separation);
        }
        Check.fraction("simulated.quality.correlation", correlation);
    }

    /** Only the models' probabilities; no complexity shift, the default separation and correlation. */
    public QualitySettings(Map<String, ModelQuality> models) {
        this(models, Map.of(), DEFAULT_SEPARATION, DEFAULT_CORRELATION);
    }

    /**
     * The probability that {@code model} answers a prompt of class {@code c} and complexity {@code x} correctly,
     * clamped to [{@value #MIN_P}, {@value #MAX_P}]; null when the model has no quality here.
     */
    public Double probability(String model, TaskClass c, Complexity x) {
        ModelQuality q = models.get(model);
        return q == null ? null : clamp(q.of(c) + complexity.getOrDefault(x, 0.0));
    }

    /** The mean probability over every model here for {@code c} and {@code x}; {@code dflt} when there are none. */
    public double average(TaskClass c, Complexity x, double dflt) {
        if (models.isEmpty()) {
            return dflt;
        }
        double sum = 0;
        for (ModelQuality q : models.values()) {
            sum += clamp(q.of(c) + complexity.getOrDefault(x, 0.0));
        }
        return sum / models.size();
    }

    public static double clamp(double p) {
        return Math.max(MIN_P, Math.min(MAX_P, p));
    }
}
