package dev.switchboard.engine.cache.semantic;

/**
 * Turns a prompt into a vector. Implementations are thread-safe; {@link #embed} returns a vector of length
 * {@link #dimensions()} with L2 norm 1, so a dot product is the cosine similarity.
 *
 * <p>In-process models come from {@link Embedders#local}; an OpenAI-compatible {@code /v1/embeddings} client
 * ({@code engine.provider.openai.OpenAiEmbedder}, which the engine supplies when {@link SemanticSettings#provider()}
 * is set) implements this interface too. Its {@link #id()} names the provider and the endpoint's model, since the id
 * is part of every partition: vectors of different models never meet in one index.
 */
public interface Embedder extends AutoCloseable {
    /** The model's stable id, e.g. {@code all-minilm-l6-v2-q}; part of the partition key. */
    String id();

    /** Length of every vector {@link #embed} returns; a remote embedder knows it from its first answer (0 before). */
    int dimensions();

    /**
     * @return the text's embedding, L2-normalized; a fresh array the caller may keep
     * @throws IllegalStateException once closed
     * @throws RuntimeException      a remote embedder's call failing (an engine error, as the provider's calls fail)
     */
    float[] embed(String text);

    /**
     * True when {@link #embed} calls a server: there is no model to load in process (nothing to warm up), and the
     * wait is I/O on the caller's virtual thread, not CPU (the semantic cache's embedding slots bound CPU only).
     */
    default boolean remote() {
        return false;
    }

    /** Frees the model; later calls to {@link #embed} fail. Closing twice is harmless. */
    @Override
    void close();
}
