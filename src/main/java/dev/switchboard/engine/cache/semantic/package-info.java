/**
 * The semantic cache's core: a prompt that means the same as a cached one gets its answer.
 *
 * <ul>
 * <li>{@link dev.switchboard.engine.cache.semantic.Embedder} turns text into an L2-normalized vector;
 * {@link dev.switchboard.engine.cache.semantic.Embedders#local} gives the in-process ONNX models shipped in jars
 * (nothing is downloaded at run time; a model loads once, on first use). With {@code semantic.provider} an
 * OpenAI-compatible {@code /embeddings} endpoint embeds instead ({@code provider.openai.OpenAiEmbedder}, id
 * {@code openai:PROVIDER/MODEL}): this package never imports the providers, the engine hands
 * {@link dev.switchboard.engine.cache.semantic.SemanticCache} a factory. A failed embedding (the endpoint's 429, 5xx,
 * timeout) skips that request ({@code embedder_failed}); a remote embedder takes no embedding slot (its wait is
 * I/O) and needs no warm-up.</li>
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
 * Why the defaults are what they are ({@code switchboard semantic eval --parts} on the 20,000 QQP dev pairs, compared
 * at a 35% true-hit rate): bge-small-en-v15-q has the best static cosine curve (16.2% false hits; MiniLM 19.1%, e5
 * 20.0%) at 2.5-3 ms an embedding; the margin takes it to 13.9%, the checks for numbers and names (entity) each
 * earn their place on top, negation and opposites are kept for the cases embeddings are known to miss though they
 * barely move QQP's figures, and {@code key_noun} (any swapped content word) is off because it refuses more
 * paraphrases than near misses (14.8% with it, 12.7% without). The shipped table
 * ({@code /semantic/calibration-bge-small-en-v15-q.tsv}) was made by {@code --calibrate} with the default rule; a
 * rule with other checks or margin should get its own table, and a provider's model always does (no shipped table
 * applies to it: {@link dev.switchboard.engine.cache.semantic.SemanticSettings#calibrationProblem()}). Memory: about 1.7-2 KB an entry (a 384-float vector,
 * the entry, its graph node), 170-205 MB per 100,000.
 *
 * <p>Threads: lookups, puts and removals run concurrently under a partition's read lock; building a partition's
 * graph when it reaches the brute-force limit, and compacting it after many removals, take the write lock, so
 * lookups in that one partition wait for it (about 0.3 ms an entry).
 */
package dev.switchboard.engine.cache.semantic;
