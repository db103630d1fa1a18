package dev.switchboard.engine.cache.semantic;

/**
 * Turns a prompt into a vector. Implementations are thread-safe; {@link #embed} returns a vector of length
 * {@link #dimensions()} with L2 norm 1, so a dot product is the cosine similarity.
 *
 * <p>In-process models come from {@link Embedders#local}; an OpenAI-compatible {@code /v1/embeddings} client can
 * implement this interface too. Its {@link #id()} must then name the endpoint's model, since the id is part of every
 * partition: vectors of different models never meet in one index.
 */
public interface Embedder extends AutoCloseable {
    /** The model's stable id, e.g. {@code all-minilm-l6-v2-q}; part of the partition key. */
    String id();

    /** Length of every vector {@link #embed} returns. */
    int dimensions();

    /**
     * @return the text's embedding, L2-normalized; a fresh array the caller may keep
     * @throws IllegalStateException once closed
     */
    float[] embed(String text);

    /** Frees the model; later calls to {@link #embed} fail. Closing twice is harmless. */
    @Override
    void close();
}
