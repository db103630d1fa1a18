/**
 * The semantic cache's core: a prompt that means the same as a cached one gets its answer.
 *
 * <ul>
 * <li>{@link dev.switchboard.engine.cache.semantic.Embedder} turns text into an L2-normalized vector;
 * {@link dev.switchboard.engine.cache.semantic.Embedders#local} gives the in-process ONNX models shipped in jars
 * (nothing is downloaded at run time; a model loads once, on first use).</li>
 * <li>{@link dev.switchboard.engine.cache.semantic.SemanticIndex} holds
 * {@link dev.switchboard.engine.cache.semantic.SemanticEntry}s by partition (the partition names the embedding
 * model, so vectors of different models never meet): a scan below
 * {@link dev.switchboard.engine.cache.semantic.SemanticSettings#bruteForceBelow()} entries, a JVector graph above.
 * Expired entries are never served; {@code removeIf} serves invalidation.</li>
 * <li>{@link dev.switchboard.engine.cache.semantic.AcceptanceRule} decides on the nearest entry: a floor (below:
 * {@code MISS}), a threshold on the similarity less a margin penalty (the candidate must lead the next distinct
 * entry), the threshold fixed or read off a {@link dev.switchboard.engine.cache.semantic.Calibration} table for the
 * operator's {@code max_false_rate}, then the {@link dev.switchboard.engine.cache.semantic.Verifier}'s word-level
 * checks (numbers, negation, opposites, names), which see what embeddings do not.</li>
 * </ul>
 *
 * The figures behind the defaults are in the README (Semantic cache) and come from {@code switchboard semantic
 * eval} on the QQP dev pairs.
 */
package dev.switchboard.engine.cache.semantic;
