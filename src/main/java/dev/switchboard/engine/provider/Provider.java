package dev.switchboard.engine.provider;

import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.request.ChatRequest;

/**
 * One upstream LLM API. Implementations block (requests run on virtual threads), honour interrupts (the time
 * limit interrupts a call that ran too long), and report failures as
 * {@link dev.switchboard.engine.error.EngineException}s.
 */
public interface Provider {
    /** One call for {@code model}, whose {@link ModelConfig#upstreamModel()} names it upstream. */
    ProviderResponse complete(ChatRequest request, ModelConfig model);

    /**
     * Starts a streamed call and returns once its first event arrived: a failure before that is thrown here (and may
     * be retried or failed over); one after it comes out of {@link ProviderStream#next()} as a cut stream.
     */
    default ProviderStream stream(ChatRequest request, ModelConfig model) {
        return new ReplayedStream(complete(request, model));
    }

    /** Requests the upstream itself counted as over its rate limit. */
    long upstreamViolations();

    /** Calls made to the upstream so far (answered or not). */
    default long calls() {
        return 0;
    }
}
