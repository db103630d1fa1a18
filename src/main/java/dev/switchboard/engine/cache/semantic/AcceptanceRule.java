package dev.switchboard.engine.cache.semantic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Decides whether a candidate may answer a prompt, in this order:
 * <ol>
 * <li>below {@code floor}: a miss;</li>
 * <li>the score, similarity minus {@code marginWeight} times what the lead over the next distinct entry falls short
 * of {@code margin}, must reach the threshold: a fixed {@code threshold}, or the calibration table's threshold for
 * {@code max_false_rate}. Refused as {@link Lookup#MARGIN} when a full lead would have passed, else
 * {@link Lookup#BELOW_THRESHOLD};</li>
 * <li>every enabled {@link Verifier} check must pass: refused with the check's name.</li>
 * </ol>
 * Immutable and thread-safe; a settings change builds a new rule.
 */
public final class AcceptanceRule {
    private final SemanticSettings settings;
    private final Verifier verifier;
    private final double threshold;

    /**
     * @throws IllegalArgumentException when the settings ask for {@code max_false_rate} and no calibration table
     *                                  exists for the model (never one for a provider's model unless named), or
     *                                  the named table cannot be read
     */
    public AcceptanceRule(SemanticSettings settings) {
        this.settings = settings;
        this.verifier = new Verifier(settings.checks());
        if (settings.threshold() != null) {
            this.threshold = settings.threshold();
        } else {
            this.threshold = calibration(settings).thresholdFor(settings.maxFalseRate());
        }
    }

    /**
     * The table the settings name, or the one shipped for the local model. A provider's model has no shipped table
     * (even one whose id matches a local model's name: its similarities are its own).
     */
    public static Calibration calibration(SemanticSettings settings) {
        String remote = settings.calibrationProblem();
        if (remote != null) {
            throw new IllegalArgumentException(remote);
        }
        if (settings.calibration() != null) {
            try {
                return Calibration.read(Path.of(settings.calibration()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read calibration " + settings.calibration(), e);
            }
        }
        Calibration c = Calibration.shipped(settings.model());
        if (c == null) {
            throw new IllegalArgumentException("max_false_rate: no calibration table is shipped for model "
                    + settings.model() + "; set threshold, or make one with semantic eval --calibrate and name it in "
                    + "calibration");
        }
        return c;
    }

    public SemanticSettings settings() {
        return settings;
    }

    /** The threshold the score is held to (from the table when the settings give {@code max_false_rate}). */
    public double threshold() {
        return threshold;
    }

    /** Similarity, less the margin's penalty. */
    public double score(Probe p) {
        return score(p.similarity(), p.margin(), settings);
    }

    static double score(double similarity, double margin, SemanticSettings s) {
        return similarity - s.marginWeight() * Math.max(0, s.margin() - margin);
    }

    public Lookup decide(Probe p) {
        if (p.candidate() == null || p.similarity() < settings.floor()) {
            return Lookup.miss(p.candidate(), p.similarity());
        }
        if (score(p) < threshold) {
            boolean leadWouldPass = p.similarity() >= threshold && p.margin() < settings.margin();
            return new Lookup(Lookup.Outcome.REFUSED, p.candidate(), p.similarity(),
                    leadWouldPass ? Lookup.MARGIN : Lookup.BELOW_THRESHOLD);
        }
        for (String f : p.failures()) {
            if (verifier.checks().contains(f)) {
                return new Lookup(Lookup.Outcome.REFUSED, p.candidate(), p.similarity(), f);
            }
        }
        return new Lookup(Lookup.Outcome.HIT, p.candidate(), p.similarity(), null);
    }
}
