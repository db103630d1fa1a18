package dev.switchboard.testsupport.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * OpenAI's chat completions, as the API reference documents them: {@code POST /v1/chat/completions} with
 * {@code Authorization: Bearer KEY}, or Azure's {@code POST /openai/deployments/{name}/chat/completions?api-version=V}
 * with {@code api-key: KEY} (its base_url is {@link #azureBaseUrl()}). Answers are {@code chat.completion} objects;
 * streams are {@code chat.completion.chunk} events ({@code data:} lines only), the role first, the content in
 * pieces, the finish reason, a usage chunk with empty choices when {@code stream_options.include_usage} asks for it,
 * then {@code data: [DONE]}. Errors are {@code {"error": {message, type, param, code}}}.
 *
 * <p>And embeddings: {@code POST /v1/embeddings} (Azure: {@code /openai/deployments/{name}/embeddings}) with
 * {@code {"model", "input": string or array of strings, "encoding_format"?, "dimensions"?}}, answered with
 * {@code {"object": "list", "data": [{"object": "embedding", "index": i, "embedding": [...]}], "model", "usage":
 * {"prompt_tokens", "total_tokens"}}}. The vectors are deterministic ({@link #embeddingOf}): each word of the text
 * hashed into one of {@value #EMBEDDING_DIMENSIONS} dimensions, a bag of words scaled to length 1 as OpenAI's are, so
 * paraphrases that share most words are close and unrelated texts are not.
 */
public final class MockOpenAi extends MockUpstream<MockOpenAi> {
    private static final String ID = "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT";
    private static final long CREATED = 1741569952L;
    /** Length of the mock's embeddings unless a request asks for {@code dimensions}. */
    public static final int EMBEDDING_DIMENSIONS = 64;
    /** Each streamed piece's log-probability in turn, when a request asks for {@code logprobs}; null: none. */
    private volatile double[] logprobs;

    /**
     * Requests with {@code "logprobs": true} get {@code choices[i].logprobs.content}: one token per streamed piece of
     * the answer, piece k with {@code values[k % values.length]} (in a stream, each content chunk its own piece's).
     */
    public MockOpenAi logprobs(double... values) {
        logprobs = values.clone();
        return this;
    }

    @Override
    public MockOpenAi reset() {
        logprobs = null;
        return super.reset();
    }

    /** The {@code logprobs} object of the given pieces, from piece number {@code first}; null when not asked. */
    private JsonNode logprobsOf(Received r, List<String> tokens, int first) {
        double[] values = logprobs;
        if (values == null || values.length == 0 || !r.body().path("logprobs").asBoolean(false)) {
            return JSON.nullNode();
        }
        ObjectNode lp = JSON.createObjectNode();
        ArrayNode content = lp.putArray("content");
        for (int k = 0; k < tokens.size(); k++) {
            ObjectNode t = content.addObject().put("token", tokens.get(k))
                    .put("logprob", values[(first + k) % values.length]);
            ArrayNode bytes = t.putArray("bytes");
            for (byte b : tokens.get(k).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                bytes.add(b & 0xFF);
            }
            t.putArray("top_logprobs");
        }
        lp.putNull("refusal");
        return lp;
    }

    @Override
    protected String basePath() {
        return "/v1";
    }

    /** The base_url of an Azure OpenAI resource served by this mock (no version path). */
    public String azureBaseUrl() {
        return "http://127.0.0.1:" + port();
    }

    private static boolean azure(Received r) {
        return r.path().startsWith("/openai/deployments/");
    }

    /** Whether the request is for embeddings (plain or Azure path). */
    public static boolean embeddings(Received r) {
        return r.path().equals("/v1/embeddings") || azure(r) && r.path().endsWith("/embeddings");
    }

    @Override
    protected Failure check(Received r) {
        boolean embed = embeddings(r);
        boolean plain = r.path().equals("/v1/chat/completions") || r.path().equals("/v1/embeddings");
        boolean az = azure(r) && (r.path().endsWith("/chat/completions") || r.path().endsWith("/embeddings"));
        if (!r.method().equals("POST") || !plain && !az) {
            return new Failure(404, error("Invalid URL (" + r.method() + " " + r.path() + ")", "invalid_request_error",
                    null, null), java.util.Map.of());
        }
        if (az && (r.query() == null || !r.query().contains("api-version="))) {
            return new Failure(404, "{\"error\":{\"code\":\"404\",\"message\":\"Resource not found\"}}",
                    java.util.Map.of());
        }
        if (expectedKey != null) {
            String got = az ? r.header("api-key") : r.header("authorization");
            String want = az ? expectedKey : "Bearer " + expectedKey;
            if (!want.equals(got)) {
                return new Failure(401, null, java.util.Map.of());
            }
        }
        if (embed) {
            return checkEmbeddings(r, az);
        }
        if (r.body() == null || !r.body().path("messages").isArray()) {
            return new Failure(400, error("We could not parse the JSON body of your request. (HINT: This likely "
                    + "means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, "
                    + "but what was sent was not valid JSON.)", "invalid_request_error", null, null),
                    java.util.Map.of());
        }
        return null;
    }

    /** The API's answers to an embeddings body it cannot use. */
    private static Failure checkEmbeddings(Received r, boolean az) {
        if (r.body() == null || !r.body().isObject()) {
            return new Failure(400, error("We could not parse the JSON body of your request. (HINT: This likely "
                    + "means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, "
                    + "but what was sent was not valid JSON.)", "invalid_request_error", null, null),
                    java.util.Map.of());
        }
        if (!az && !r.body().path("model").isTextual()) {
            return new Failure(400, error("you must provide a model parameter", "invalid_request_error", null, null),
                    java.util.Map.of());
        }
        if (inputs(r.body()) == null) {
            return new Failure(400, error("'$.input' is invalid. Please check the API reference: "
                    + "https://platform.openai.com/docs/api-reference.", "invalid_request_error", null, null),
                    java.util.Map.of());
        }
        return null;
    }

    /** {@code input} as a list of texts; null when it is neither a non-empty string nor an array of them. */
    private static List<String> inputs(JsonNode body) {
        JsonNode in = body.path("input");
        if (in.isTextual() && !in.asText().isEmpty()) {
            return List.of(in.asText());
        }
        if (!in.isArray() || in.isEmpty()) {
            return null;
        }
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode t : in) {
            if (!t.isTextual() || t.asText().isEmpty()) {
                return null;
            }
            out.add(t.asText());
        }
        return out;
    }

    /**
     * The mock's embedding of {@code text}: each lower-cased word (letters and digits) adds 1 to dimension
     * {@code floorMod(word.hashCode(), dims)}; the sum scaled to length 1 (a text with no word: the first axis).
     */
    public static float[] embeddingOf(String text, int dims) {
        float[] v = new float[dims];
        for (String w : text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                v[Math.floorMod(w.hashCode(), dims)] += 1;
            }
        }
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum == 0) {
            v[0] = 1;
            return v;
        }
        float inv = (float) (1 / Math.sqrt(sum));
        for (int i = 0; i < dims; i++) {
            v[i] *= inv;
        }
        return v;
    }

    /** {@link #embeddingOf(String, int)} at {@value #EMBEDDING_DIMENSIONS} dimensions. */
    public static float[] embeddingOf(String text) {
        return embeddingOf(text, EMBEDDING_DIMENSIONS);
    }

    /** The words a text counts as tokens here (a stand-in for the tokenizer). */
    private static int tokens(String text) {
        int n = 0;
        for (String w : text.split("\\s+")) {
            n += w.isEmpty() ? 0 : 1;
        }
        return Math.max(1, n);
    }

    private ObjectNode embeddingList(Received r) {
        JsonNode body = r.body();
        int dims = body.path("dimensions").canConvertToInt() && body.path("dimensions").asInt() > 0
                ? body.path("dimensions").asInt() : EMBEDDING_DIMENSIONS;
        boolean base64 = "base64".equals(body.path("encoding_format").asText("float"));
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        int tokens = 0;
        List<String> texts = inputs(body);
        for (int i = 0; i < texts.size(); i++) {
            float[] v = embeddingOf(texts.get(i), dims);
            ObjectNode e = data.addObject().put("object", "embedding").put("index", i);
            if (base64) {
                // Little-endian float32s, as the API sends them for encoding_format: base64.
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * dims).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (float x : v) {
                    b.putFloat(x);
                }
                e.put("embedding", java.util.Base64.getEncoder().encodeToString(b.array()));
            } else {
                ArrayNode a = e.putArray("embedding");
                for (float x : v) {
                    a.add(x);
                }
            }
            tokens += tokens(texts.get(i));
        }
        String m = azure(r) ? r.path().split("/")[3] : body.path("model").asText();
        list.put("model", m);
        list.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return list;
    }

    @Override
    protected String errorBody(int status) {
        return switch (status) {
            case 400 -> error("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an "
                    + "empty array instead.", "invalid_request_error", "messages", "empty_array");
            case 401 -> error("Incorrect API key provided: sk-proj-****************************abcd. You can find "
                    + "your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", null,
                    "invalid_api_key");
            case 403 -> error("Project `proj_abc123` does not have access to model `gpt-4o`",
                    "invalid_request_error", null, "model_not_found");
            case 404 -> error("The model `gpt-9` does not exist or you do not have access to it.",
                    "invalid_request_error", null, "model_not_found");
            case 429 -> error("Rate limit reached for gpt-4o-mini in organization org-abc123 on requests per min "
                    + "(RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.", "requests", null,
                    "rate_limit_exceeded");
            case 503 -> error("The engine is currently overloaded, please try again later", "server_error", null,
                    null);
            default -> error("The server had an error while processing your request. Sorry about that!",
                    "server_error", null, null);
        };
    }

    /** OpenAI's error object. */
    public static String error(String message, String type, String param, String code) {
        ObjectNode e = JSON.createObjectNode();
        ObjectNode err = e.putObject("error");
        err.put("message", message).put("type", type);
        if (param == null) {
            err.putNull("param");
        } else {
            err.put("param", param);
        }
        if (code == null) {
            err.putNull("code");
        } else {
            err.put("code", code);
        }
        return e.toString();
    }

    @Override
    protected boolean wantsStream(Received r) {
        return !embeddings(r) && r.body().path("stream").asBoolean(false);
    }

    private static String model(Received r) {
        return r.body().path("model").asText("gpt-4o-mini");
    }

    private int choices(Received r) {
        return Math.max(1, r.body().path("n").asInt(1));
    }

    @Override
    protected ObjectNode completion(Received r) {
        if (embeddings(r)) {
            return embeddingList(r);
        }
        ObjectNode c = JSON.createObjectNode().put("id", ID).put("object", "chat.completion").put("created", CREATED)
                .put("model", model(r));
        ArrayNode choices = c.putArray("choices");
        for (int i = 0; i < choices(r); i++) {
            ObjectNode choice = choices.addObject().put("index", i);
            ObjectNode msg = choice.putObject("message").put("role", "assistant");
            Tool t = tool;
            if (t != null && answer.isEmpty()) {
                msg.putNull("content");
            } else {
                msg.put("content", answer);
            }
            msg.putNull("refusal");
            if (t != null) {
                msg.putArray("tool_calls").addObject().put("id", t.id()).put("type", "function")
                        .putObject("function").put("name", t.name()).put("arguments", t.arguments());
            }
            msg.putArray("annotations");
            choice.set("logprobs", logprobsOf(r, pieces(answer), 0));
            choice.put("finish_reason", t != null ? "tool_calls" : "stop");
        }
        if (usage) {
            c.set("usage", usage());
        }
        c.put("service_tier", "default");
        c.put("system_fingerprint", "fp_44709d6fcb");
        return c;
    }

    private ObjectNode usage() {
        ObjectNode u = JSON.createObjectNode().put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens).put("total_tokens", promptTokens + completionTokens);
        u.putObject("prompt_tokens_details").put("cached_tokens", cacheReadTokens).put("audio_tokens", 0);
        u.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        return u;
    }

    @Override
    protected void stream(Received r, Events out) throws IOException {
        boolean includeUsage = usage && r.body().path("stream_options").path("include_usage").asBoolean(false);
        Tool t = tool;
        for (int i = 0; i < choices(r); i++) {
            ObjectNode first = JSON.createObjectNode().put("role", "assistant");
            if (t != null && answer.isEmpty()) {
                first.putNull("content");
            } else {
                first.put("content", "");
            }
            first.putNull("refusal");
            out.send(null, chunk(r, i, first, null, includeUsage));
            List<String> pieces = pieces(answer);
            for (int k = 0; k < pieces.size(); k++) {
                ObjectNode c = chunk(r, i, JSON.createObjectNode().put("content", pieces.get(k)), null, includeUsage);
                ((ObjectNode) c.path("choices").get(0)).set("logprobs", logprobsOf(r, List.of(pieces.get(k)), k));
                out.send(null, c);
            }
            if (t != null) {
                ObjectNode start = JSON.createObjectNode();
                start.putArray("tool_calls").addObject().put("index", 0).put("id", t.id()).put("type", "function")
                        .putObject("function").put("name", t.name()).put("arguments", "");
                out.send(null, chunk(r, i, start, null, includeUsage));
                for (String f : fragments(t.arguments())) {
                    ObjectNode more = JSON.createObjectNode();
                    more.putArray("tool_calls").addObject().put("index", 0).putObject("function")
                            .put("arguments", f);
                    out.send(null, chunk(r, i, more, null, includeUsage));
                }
            }
            out.send(null, chunk(r, i, JSON.createObjectNode(), t != null ? "tool_calls" : "stop", includeUsage));
        }
        if (includeUsage) {
            ObjectNode last = header(r);
            last.putArray("choices");
            last.set("usage", usage());
            out.send(null, last);
        }
        out.send(null, "[DONE]");
    }

    private ObjectNode header(Received r) {
        return JSON.createObjectNode().put("id", ID).put("object", "chat.completion.chunk").put("created", CREATED)
                .put("model", model(r)).put("service_tier", "default").put("system_fingerprint", "fp_44709d6fcb");
    }

    private ObjectNode chunk(Received r, int index, JsonNode delta, String finish, boolean includeUsage) {
        ObjectNode c = header(r);
        ObjectNode choice = c.putArray("choices").addObject().put("index", index);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        if (includeUsage) {
            // With include_usage, every chunk but the last carries "usage": null.
            c.putNull("usage");
        }
        return c;
    }

    @Override
    protected void errorEvent(Events out) throws IOException {
        out.send(null, error("The server had an error while processing your request. Sorry about that!",
                "server_error", null, null));
    }

    /** The pieces {@link #answer} is streamed in, for asserting deltas. */
    public static List<String> streamedPieces(String text) {
        return pieces(text);
    }
}
