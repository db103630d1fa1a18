/**
 * Admission control: per-user plan windows and model caps with abuse lockouts ({@code PlanWindows}, local or in
 * Redis), upstream token buckets whose reserved slots form a FIFO queue with a deadline ({@code Bucket}: GCRA,
 * local or in Redis with a local fallback), and the slow-down and retry after an upstream 429. {@link
 * dev.switchboard.engine.limit.Limits} is the engine's entry to all of it.
 */
package dev.switchboard.engine.limit;
