package dev.switchboard.engine.config;

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

    /** USD for one call with these token counts. */
    public double cost(long tokensIn, long tokensOut) {
        return (tokensIn * inputPer1M + tokensOut * outputPer1M) / 1_000_000.0;
    }
}
