/**
 * Upstream LLM APIs behind the {@link dev.switchboard.engine.provider.Provider} interface. The
 * {@link dev.switchboard.engine.provider.SimulatedProvider} stands in for the network (deterministic answers,
 * configurable latency, errors, 429s, outages and an upstream rate limit whose breaches it counts; structured answers
 * drawn from the request's schema in the configured shapes, {@link dev.switchboard.engine.provider.SimulatedOutput});
 * the real APIs
 * are in {@code provider.openai} (chat, and the semantic cache's remote embeddings) and {@code provider.anthropic},
 * over the shared {@code provider.http}, and {@code provider.registry} says which serves a model.
 */
package dev.switchboard.engine.provider;
