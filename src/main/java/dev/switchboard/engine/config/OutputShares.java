package dev.switchboard.engine.config;

/**
 * How the simulator shapes structured answers (config {@code simulated.output}): the share of each shape, each
 * 0..1, summing to at most 1; the rest is clean JSON. {@code broken} answers are ones no parsing strategy can fix
 * (cut off, a required field missing), so they exercise re-prompts; {@code refusal} ones decline.
 */
public record OutputShares(double clean, double prose, double fenced, double keyValue, double broken,
                           double refusal) {
    /** Mostly clean, a few needing extraction, under 2% needing a re-prompt. */
    public static final OutputShares DEFAULTS = new OutputShares(0.70, 0.10, 0.10, 0.05, 0.012, 0.003);

    public OutputShares {
        share("clean", clean);
        share("prose", prose);
        share("fenced", fenced);
        share("key_value", keyValue);
        share("broken", broken);
        share("refusal", refusal);
        double sum = clean + prose + fenced + keyValue + broken + refusal;
        if (sum > 1.0 + 1e-9) {
            throw new IllegalArgumentException("shares: must sum to at most 1 (the rest is clean), got " + sum);
        }
    }

    private static void share(String field, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(field + ": must be between 0 and 1, got " + v);
        }
    }
}
