/**
 * The Cache tab, two sub-tabs ({@code CacheController}). Exact tiers: the TTL and namespace-policy editor
 * ({@code TtlForm} holds its logic, free of JavaFX) and the invalidation panel. Semantic ({@code SemanticController}):
 * the switch and threshold editor ({@code SemanticForm}: its rules and what a setting implies on the calibration,
 * free of JavaFX), the calibration chart ({@code CalibrationChart}) and the near-miss inspector over the snapshots'
 * recent lookups ({@code NearMisses}: its filter and words, free of JavaFX).
 */
package dev.switchboard.console.cache;
