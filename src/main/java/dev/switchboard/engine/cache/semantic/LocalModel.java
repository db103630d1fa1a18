package dev.switchboard.engine.cache.semantic;

import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** One ONNX model on the class path: its files, its pooling, and the prefix its training expects. */
enum LocalModel {
    ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", 384, "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json",
            PoolingMode.MEAN, ""),
    BGE_SMALL_EN_V15_Q("bge-small-en-v15-q", 384, "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json",
            PoolingMode.CLS, ""),
    // E5 was trained with "query: " before symmetric texts; without it similarities crowd near the top.
    E5_SMALL_V2_Q("e5-small-v2-q", 384, "e5-small-v2-q.onnx", "e5-small-v2-q-tokenizer.json", PoolingMode.MEAN,
            "query: ");

    static final Map<String, LocalModel> BY_ID = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(m -> m.id, Function.identity()));
    static final List<String> NAMES = Arrays.stream(values()).map(m -> m.id).toList();

    final String id;
    final int dimensions;
    final String onnx;
    final String tokenizer;
    final PoolingMode pooling;
    final String prefix;

    LocalModel(String id, int dimensions, String onnx, String tokenizer, PoolingMode pooling, String prefix) {
        this.id = id;
        this.dimensions = dimensions;
        this.onnx = onnx;
        this.tokenizer = tokenizer;
        this.pooling = pooling;
        this.prefix = prefix;
    }
}
