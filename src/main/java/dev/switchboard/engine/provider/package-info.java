/**
 * Upstream LLM APIs behind the {@link dev.switchboard.engine.provider.Provider} interface. For now the
 * {@link dev.switchboard.engine.provider.SimulatedProvider} stands in for the network: deterministic answers,
 * configurable latency, errors, 429s, outages and an upstream rate limit whose breaches it counts.
 */
package dev.switchboard.engine.provider;
