/**
 * The exact-match response cache: {@link dev.switchboard.engine.cache.TieredCache} over L1 (Caffeine,
 * {@code MemoryTier}), L2 (Redis, {@code RedisTier}) and L3 (SQL, {@code SqlTier}). Each tier is wrapped in a
 * {@code GuardedTier} that turns failures into a DOWN state and counters; writes to the slow tiers leave the
 * request path through an {@code AsyncWriter}; {@code InvalidationBus} carries invalidations between instances
 * over Redis pub/sub.
 */
package dev.switchboard.engine.cache;
