package dev.switchboard.engine.cache.semantic;

/**
 * One cached prompt in the semantic index.
 *
 * @param id              unique across the index (the engine's entry id; {@link SemanticIndex#remove} takes it)
 * @param partition       what must match exactly for two prompts to share an answer: the embedding model's
 *                        {@link Embedder#id()}, namespace, model and version, system prompt, sampling settings
 * @param prompt          the text that was embedded (the verifier reads it)
 * @param vector          its embedding, L2-normalized; the index keeps this array, so do not change it afterwards
 * @param cacheKey        the exact cache's key of the answer this prompt was given
 * @param createdAtMillis when it was stored
 * @param expiresAtMillis when it stops being served
 */
public record SemanticEntry(long id, String partition, String prompt, float[] vector, String cacheKey,
                            long createdAtMillis, long expiresAtMillis) {
    public SemanticEntry {
        if (partition == null || prompt == null || vector == null || cacheKey == null) {
            throw new IllegalArgumentException("partition, prompt, vector and cacheKey are required");
        }
        if (vector.length == 0) {
            throw new IllegalArgumentException("vector is empty");
        }
    }

    /** @return true once {@code nowMillis} has reached the expiry */
    public boolean expiredAt(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }

    /** Identity and where it is; the prompt and vector stay out of logs. */
    @Override
    public String toString() {
        return "SemanticEntry[id=" + id + ", partition=" + partition + ", cacheKey=" + cacheKey + "]";
    }
}
