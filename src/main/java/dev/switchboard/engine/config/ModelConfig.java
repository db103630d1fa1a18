package dev.switchboard.engine.config;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A model the engine may call: its version (part of every cache key, so bumping it busts the model's entries),
 * the provider that serves it, and its price in USD per million input and output tokens.
 */
public record ModelConfig(String name, String version, String provider, double inputPer1M, double outputPer1M) {
    public static final String SIMULATED = "simulated";

    public ModelConfig {
        Check.key("models", name);
        String at = "models." + name;
        Check.name(at + ".version", version);
        if (!SIMULATED.equals(provider)) {
            throw new ConfigException(null, at + ".provider",
                    "unknown provider '" + provider + "'; this build offers: simulated");
        }
        Check.nonNegative(at + ".input_per_1m", inputPer1M);
        Check.nonNegative(at + ".output_per_1m", outputPer1M);
    }

    public ModelConfig withVersion(String v) {
        return new ModelConfig(name, v, provider, inputPer1M, outputPer1M);
    }

    public ModelConfig withPrices(double input, double output) {
        return new ModelConfig(name, version, provider, input, output);
    }

    /** Price per million tokens, input and output together: how the budget's soft limit ranks models. */
    public double blendedPrice() {
        return inputPer1M + outputPer1M;
    }

    /**
     * Whole micro-dollars for one call. A price per million tokens in USD is a price per token in micro-dollars,
     * so the exact cost is {@code tokensIn * input + tokensOut * output} micro-dollars, computed in decimal (the
     * prices as written, not the doubles nearest them) and rounded half up to a whole micro-dollar.
     */
    public long costMicros(long tokensIn, long tokensOut) {
        return BigDecimal.valueOf(inputPer1M).multiply(BigDecimal.valueOf(tokensIn))
                .add(BigDecimal.valueOf(outputPer1M).multiply(BigDecimal.valueOf(tokensOut)))
                .setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** USD for one call: {@link #costMicros} as a double, which converts back to the same micro-dollars. */
    public double cost(long tokensIn, long tokensOut) {
        return costMicros(tokensIn, tokensOut) / 1_000_000.0;
    }
}
