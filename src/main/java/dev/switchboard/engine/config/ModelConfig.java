package dev.switchboard.engine.config;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A model the engine may call: its version (part of every cache key, so bumping it busts the model's entries),
 * the provider that serves it (a name from the providers section, or {@code simulated}) under which upstream id,
 * and its price in USD per million input and output tokens.
 *
 * @param upstreamModel the id the provider knows the model by (for Azure, the deployment); the model's own name
 *                      when not set
 */
public record ModelConfig(String name, String version, String provider, double inputPer1M, double outputPer1M,
                          String upstreamModel) {
    public static final String SIMULATED = "simulated";

    public ModelConfig {
        Check.key("models", name);
        String at = "models." + name;
        Check.name(at + ".version", version);
        provider = provider == null ? SIMULATED : provider;
        Check.name(at + ".provider", provider);
        Check.nonNegative(at + ".input_per_1m", inputPer1M);
        Check.nonNegative(at + ".output_per_1m", outputPer1M);
        upstreamModel = upstreamModel == null || upstreamModel.isBlank() ? name : upstreamModel.trim();
        if (upstreamModel.length() > 256 || upstreamModel.chars().anyMatch(ch -> ch < 0x21 || ch == 0x7f)) {
            throw new ConfigException(null, at + ".upstream_model", "must be up to 256 visible characters without spaces");
        }
    }

    public ModelConfig(String name, String version, String provider, double inputPer1M, double outputPer1M) {
        this(name, version, provider, inputPer1M, outputPer1M, null);
    }

    public ModelConfig withVersion(String v) {
        return new ModelConfig(name, v, provider, inputPer1M, outputPer1M, upstreamModel);
    }

    public ModelConfig withPrices(double input, double output) {
        return new ModelConfig(name, version, provider, input, output, upstreamModel);
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
