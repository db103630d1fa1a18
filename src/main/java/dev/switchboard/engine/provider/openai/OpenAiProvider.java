package dev.switchboard.engine.provider.openai;

import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.ProviderConfig;
import dev.switchboard.engine.error.UpstreamUnavailableException;
import dev.switchboard.engine.provider.Provider;
import dev.switchboard.engine.provider.ProviderResponse;
import dev.switchboard.engine.request.ChatRequest;

/** SKELETON: being written. */
public final class OpenAiProvider implements Provider, AutoCloseable {
    private final ProviderConfig config;

    public OpenAiProvider(ProviderConfig config) {
        this.config = config;
    }

    @Override
    public ProviderResponse complete(ChatRequest request, ModelConfig model) {
        throw new UpstreamUnavailableException(model.name(), "provider kind not built yet: " + config.name());
    }

    @Override
    public long upstreamViolations() {
        return 0;
    }

    @Override
    public void close() {
    }
}
