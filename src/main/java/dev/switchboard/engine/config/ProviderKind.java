package dev.switchboard.engine.config;

import java.util.Locale;

/** The wire format a provider speaks. */
public enum ProviderKind {
    /** OpenAI's {@code /v1/chat/completions}: OpenAI, Azure OpenAI, vLLM, Ollama, OpenRouter, Groq. */
    OPENAI,
    /** Anthropic's {@code /v1/messages}. */
    ANTHROPIC,
    /** The offline simulator (the {@code simulated} section). */
    SIMULATED;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ProviderKind parse(String field, String s) {
        for (ProviderKind k : values()) {
            if (k.configName().equals(s)) {
                return k;
            }
        }
        throw new ConfigException(null, field, "unknown kind '" + s + "'; one of: openai, anthropic, simulated");
    }
}
