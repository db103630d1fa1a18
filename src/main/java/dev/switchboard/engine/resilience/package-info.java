/**
 * Resilience on the provider call: a Resilience4j circuit breaker, retry and time limit per model ({@code
 * ModelGuard}), fallback chains within the request's deadline ({@link dev.switchboard.engine.resilience.Resilience}),
 * coalescing of identical requests ({@link dev.switchboard.engine.resilience.Dedup}) and health per model.
 */
package dev.switchboard.engine.resilience;
