package dev.switchboard.engine.provider;

import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.error.EngineException;
import dev.switchboard.engine.request.ChatRequest;

/** One upstream LLM API. Implementations block (requests run on virtual threads) and report failures as {@link EngineException}s. */
public interface Provider {
    ProviderResponse complete(ChatRequest request, ModelConfig model);

    /** Requests the upstream itself counted as over its rate limit. */
    long upstreamViolations();
}
