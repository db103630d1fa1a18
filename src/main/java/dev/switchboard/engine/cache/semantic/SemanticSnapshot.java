package dev.switchboard.engine.cache.semantic;

import java.util.List;
import java.util.Map;

/**
 * The semantic cache as the console and reports see it.
 *
 * @param model             where embeddings come from: the local model's name, or {@code provider/model}
 * @param loaded            the embedding model is loaded and answering
 * @param failure           why the model could not be loaded, or why the last embedding failed (a remote endpoint's
 *                          error) until one succeeds again; null when all is well
 * @param entries           prompts in the index
 * @param approxBytes       what the index holds in memory, about
 * @param lookups           requests looked up by meaning (skips not counted)
 * @param hits              lookups answered from an entry
 * @param misses            lookups with no candidate close enough to consider (and hits whose answer was gone)
 * @param stored            prompts added to the index
 * @param answersGone       hits whose answer no exact tier held any more
 * @param meanHitSimilarity mean cosine similarity of the hits
 * @param refused           refusals by reason ({@code below_threshold}, {@code margin}, a verifier check)
 * @param skipped           requests not looked up, by reason ({@code tools}, {@code long_conversation},
 *                          {@code embedder_failed}, ...)
 * @param recent            the latest lookups, newest first, for the near-miss inspector
 */
public record SemanticSnapshot(boolean enabled, String model, boolean loaded, String failure, int entries,
                               long approxBytes, long lookups, long hits, long misses, long stored, long answersGone,
                               double meanHitSimilarity, Map<String, Long> refused, Map<String, Long> skipped,
                               List<Recent> recent) {
    public SemanticSnapshot {
        refused = Map.copyOf(refused);
        skipped = Map.copyOf(skipped);
        recent = List.copyOf(recent);
    }

    public long refusals() {
        return refused.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * One lookup: the prompt, the nearest cached prompt, its similarity, and what was decided.
     *
     * @param outcome {@code HIT}, {@code REFUSED} or {@code MISS}
     * @param reason  why it was refused, or null
     */
    public record Recent(long atMillis, String prompt, String candidate, double similarity, String outcome,
                         String reason) {
    }
}
