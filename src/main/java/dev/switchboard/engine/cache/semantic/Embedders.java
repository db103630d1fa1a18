package dev.switchboard.engine.cache.semantic;

import java.util.List;
import java.util.Map;

/**
 * The in-process embedding models: ONNX files shipped inside Maven jars (langchain4j-embeddings), so nothing is
 * downloaded at run time. A model is read and compiled on its first {@code embed}, once per process: every
 * {@link #local} of the same name shares it (ONNX Runtime sessions are safe for concurrent use).
 */
public final class Embedders {
    /** The default model: measured by {@code semantic eval} on the dev pairs (see the package documentation). */
    public static final String DEFAULT_MODEL = "bge-small-en-v15-q";

    private Embedders() {
    }

    /** Names {@link #local} accepts, the default first. */
    public static List<String> localModels() {
        return LocalModel.NAMES;
    }

    /**
     * An embedder for one of {@link #localModels()}. Cheap: the model loads on first use.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Embedder local(String model) {
        LocalModel m = LocalModel.BY_ID.get(model);
        if (m == null) {
            throw new IllegalArgumentException("unknown embedding model '" + model + "': known models are "
                    + String.join(", ", LocalModel.NAMES));
        }
        return new LocalEmbedder(m);
    }

    /**
     * The embedder factory of a semantic cache with no providers to hand (tools, tests): the local model the settings
     * name. An engine supplies its own factory, which also builds provider-backed embedders.
     *
     * @throws IllegalArgumentException when the settings name a provider, or an unknown local model
     */
    public static Embedder local(SemanticSettings s) {
        if (s.provider() != null) {
            throw new IllegalArgumentException("provider: '" + s.provider() + "' embeds over HTTP, which only an "
                    + "engine (holding the providers) can set up");
        }
        return local(s.model());
    }

    /** For tests and tools: the models by id. */
    static Map<String, LocalModel> byId() {
        return LocalModel.BY_ID;
    }
}
