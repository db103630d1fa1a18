/**
 * Upstream LLM APIs behind the {@link dev.switchboard.engine.provider.Provider} interface. The
 * {@link dev.switchboard.engine.provider.SimulatedProvider} stands in for the network (deterministic answers,
 * configurable latency, errors, 429s, outages and an upstream rate limit whose breaches it counts; structured answers
 * drawn from the request's schema in the configured shapes, {@link dev.switchboard.engine.provider.SimulatedOutput};
 * with a quality model, answers right or wrong per model and task class with a calibrated confidence, a simulated
 * verifier, and the oracle that scores answers, {@link dev.switchboard.engine.provider.SimulatedQuality});
 * {@link dev.switchboard.engine.provider.ProviderResponse#confidence()} is the answer's confidence where a provider
 * gives one (OpenAI's log-probabilities, the simulator's quality model);
 * the real APIs
 * are in {@code provider.openai} (chat, and the semantic cache's remote embeddings) and {@code provider.anthropic},
 * over the shared {@code provider.http}, and {@code provider.registry} says which serves a model.
 */
package dev.switchboard.engine.provider;
