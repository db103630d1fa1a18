package dev.switchboard.engine.cache.semantic;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-process model. The ONNX session is process-wide, built on first use and kept (a model is 20-35 MB and takes
 * about a second to compile); each {@code LocalEmbedder} is a handle that refuses work once closed.
 */
final class LocalEmbedder implements Embedder {
    private static final Map<LocalModel, Loaded> LOADED = new EnumMap<>(LocalModel.class);
    // A lock, not synchronized: a virtual thread waiting for a model to load must not pin its carrier.
    private static final ReentrantLock LOADING = new ReentrantLock();

    private final LocalModel model;
    private volatile boolean closed;

    LocalEmbedder(LocalModel model) {
        this.model = model;
    }

    @Override
    public String id() {
        return model.id;
    }

    @Override
    public int dimensions() {
        return model.dimensions;
    }

    @Override
    public float[] embed(String text) {
        if (closed) {
            throw new IllegalStateException("embedder " + model.id + " is closed");
        }
        float[] v = loaded(model).vector(model.prefix + text);
        return Vectors.normalize(v);
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "LocalEmbedder[" + model.id + "]";
    }

    private static Loaded loaded(LocalModel model) {
        LOADING.lock();
        try {
            return LOADED.computeIfAbsent(model, Loaded::load);
        } finally {
            LOADING.unlock();
        }
    }

    /** The compiled model and its tokenizer, through langchain4j's encoder (tokenizing, long-text windows, pooling). */
    private static final class Loaded extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        private Loaded(OnnxBertBiEncoder encoder) {
            super(Runnable::run); // one text per call: no executor needed for fan-out
            this.encoder = encoder;
        }

        static Loaded load(LocalModel model) {
            ClassLoader cl = LocalEmbedder.class.getClassLoader();
            try (InputStream onnx = cl.getResourceAsStream(model.onnx);
                 InputStream tokenizer = cl.getResourceAsStream(model.tokenizer)) {
                if (onnx == null || tokenizer == null) {
                    throw new IllegalStateException("embedding model " + model.id + " is not on the class path ("
                            + model.onnx + ")");
                }
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                    // One thread per call and no spinning: concurrent requests give the parallelism, and idle
                    // intra-op threads that spin would take CPU from the rest of the engine.
                    options.setIntraOpNumThreads(1);
                    options.setInterOpNumThreads(1);
                    options.addConfigEntry("session.intra_op.allow_spinning", "0");
                    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                    OrtSession session = env.createSession(onnx.readAllBytes(), options);
                    return new Loaded(new OnnxBertBiEncoder(env, session, tokenizer, model.pooling));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read embedding model " + model.id, e);
            } catch (OrtException e) {
                throw new IllegalStateException("cannot load embedding model " + model.id + ": " + e.getMessage(), e);
            }
        }

        float[] vector(String text) {
            return embed(dev.langchain4j.data.segment.TextSegment.from(text)).content().vector();
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }
    }
}
