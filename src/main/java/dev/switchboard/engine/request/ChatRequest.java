package dev.switchboard.engine.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One request to the engine. Everything that can change the answer is part of the cache key (see
 * {@link CacheKeys}); {@code user} and {@code plan} are not, they say who asked.
 *
 * @param temperature    null when the caller did not set it
 * @param tools          the tool definitions as JSON, or null
 * @param responseFormat the response format as JSON, or null
 * @param bypassCache    skip cache reads (the answer is still written, unless the namespace is no-store)
 * @param n              how many choices to generate; null for the upstream's default (one)
 * @param seed           the caller's sampling seed, or null
 * @param toolChoice     OpenAI's {@code tool_choice} as JSON, or null
 * @param extra          fields of the caller's body the engine does not model, passed through to an
 *                       OpenAI-compatible upstream untouched (and part of the cache key); null for none
 * @param noStore        write this answer to no tier (reads still happen; unlike a no-store namespace, which
 *                       skips both): a caller's per-request opt-out, e.g. the gateway's
 *                       {@code x-switchboard-cache: no-store}
 * @param requestId      the caller's id for this request (the gateway's {@code x-switchboard-request-id}), carried
 *                       into request logs, the audit and traces; not part of the cache key; null when none
 * @param latencySensitive the caller would rather have a fast answer than the best one: a route's table sends it to
 *                       its fast model (the gateway's {@code x-switchboard-latency: sensitive}); not part of the key
 */
public record ChatRequest(String namespace, String user, String plan, String model, String system,
                          List<Message> messages, Double temperature, Integer maxTokens, Double topP,
                          List<String> stop, JsonNode tools, JsonNode responseFormat, boolean bypassCache,
                          Integer n, Long seed, JsonNode toolChoice, ObjectNode extra, boolean noStore,
                          String requestId, boolean latencySensitive) {
    public static final String DEFAULT_NAMESPACE = "default";
    /**
     * The key in {@code extra} holding fields only an Anthropic upstream understands ({@code top_k},
     * {@code thinking}, {@code service_tier}): an Anthropic caller's, sent to an Anthropic upstream, never to an
     * OpenAI-compatible one (which would refuse the request for them).
     */
    public static final String ANTHROPIC_EXTRA = "anthropic";

    public ChatRequest {
        messages = messages == null ? List.of() : List.copyOf(messages);
        stop = stop == null ? List.of() : List.copyOf(stop);
        namespace = namespace == null ? DEFAULT_NAMESPACE : namespace;
        extra = extra == null || extra.isEmpty() ? null : extra.deepCopy();
    }

    public ChatRequest(String namespace, String user, String plan, String model, String system,
                       List<Message> messages, Double temperature, Integer maxTokens, Double topP,
                       List<String> stop, JsonNode tools, JsonNode responseFormat, boolean bypassCache,
                       Integer n, Long seed, JsonNode toolChoice, ObjectNode extra, boolean noStore,
                       String requestId) {
        this(namespace, user, plan, model, system, messages, temperature, maxTokens, topP, stop, tools, responseFormat,
                bypassCache, n, seed, toolChoice, extra, noStore, requestId, false);
    }

    public ChatRequest(String namespace, String user, String plan, String model, String system,
                       List<Message> messages, Double temperature, Integer maxTokens, Double topP,
                       List<String> stop, JsonNode tools, JsonNode responseFormat, boolean bypassCache,
                       Integer n, Long seed, JsonNode toolChoice, ObjectNode extra, boolean noStore) {
        this(namespace, user, plan, model, system, messages, temperature, maxTokens, topP, stop, tools, responseFormat,
                bypassCache, n, seed, toolChoice, extra, noStore, null);
    }

    public ChatRequest(String namespace, String user, String plan, String model, String system,
                       List<Message> messages, Double temperature, Integer maxTokens, Double topP,
                       List<String> stop, JsonNode tools, JsonNode responseFormat, boolean bypassCache) {
        this(namespace, user, plan, model, system, messages, temperature, maxTokens, topP, stop, tools, responseFormat,
                bypassCache, null, null, null, null, false);
    }

    public ChatRequest(String namespace, String user, String plan, String model, String system,
                       List<Message> messages, Double temperature, Integer maxTokens, Double topP,
                       List<String> stop, JsonNode tools, JsonNode responseFormat, boolean bypassCache,
                       Integer n, Long seed, JsonNode toolChoice, ObjectNode extra) {
        this(namespace, user, plan, model, system, messages, temperature, maxTokens, topP, stop, tools, responseFormat,
                bypassCache, n, seed, toolChoice, extra, false);
    }

    /** The same request asked of another model (a route's pick). */
    public ChatRequest withModel(String m) {
        return new ChatRequest(namespace, user, plan, m, system, messages, temperature, maxTokens, topP, stop, tools,
                responseFormat, bypassCache, n, seed, toolChoice, extra, noStore, requestId, latencySensitive);
    }

    /** How many choices the caller asked for. */
    public int choicesWanted() {
        return n == null ? 1 : n;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.namespace = namespace;
        b.user = user;
        b.plan = plan;
        b.model = model;
        b.system = system;
        b.messages = messages;
        b.temperature = temperature;
        b.maxTokens = maxTokens;
        b.topP = topP;
        b.stop = stop;
        b.tools = tools;
        b.responseFormat = responseFormat;
        b.bypassCache = bypassCache;
        b.n = n;
        b.seed = seed;
        b.toolChoice = toolChoice;
        b.extra = extra;
        b.noStore = noStore;
        b.requestId = requestId;
        b.latencySensitive = latencySensitive;
        return b;
    }

    /** Builds requests in tests, the playground and the replay harness without a 13-argument constructor call. */
    public static final class Builder {
        private String namespace = DEFAULT_NAMESPACE;
        private String user;
        private String plan;
        private String model;
        private String system;
        private List<Message> messages = List.of();
        private Double temperature;
        private Integer maxTokens;
        private Double topP;
        private List<String> stop = List.of();
        private JsonNode tools;
        private JsonNode responseFormat;
        private boolean bypassCache;
        private Integer n;
        private Long seed;
        private JsonNode toolChoice;
        private ObjectNode extra;
        private boolean noStore;
        private String requestId;
        private boolean latencySensitive;

        public Builder namespace(String v) {
            namespace = v;
            return this;
        }

        public Builder user(String v) {
            user = v;
            return this;
        }

        public Builder plan(String v) {
            plan = v;
            return this;
        }

        public Builder model(String v) {
            model = v;
            return this;
        }

        public Builder system(String v) {
            system = v;
            return this;
        }

        public Builder messages(List<Message> v) {
            messages = v;
            return this;
        }

        /** Shorthand for a single user message. */
        public Builder prompt(String v) {
            messages = List.of(Message.user(v));
            return this;
        }

        public Builder temperature(Double v) {
            temperature = v;
            return this;
        }

        public Builder maxTokens(Integer v) {
            maxTokens = v;
            return this;
        }

        public Builder topP(Double v) {
            topP = v;
            return this;
        }

        public Builder stop(List<String> v) {
            stop = v;
            return this;
        }

        public Builder tools(JsonNode v) {
            tools = v;
            return this;
        }

        public Builder responseFormat(JsonNode v) {
            responseFormat = v;
            return this;
        }

        public Builder bypassCache(boolean v) {
            bypassCache = v;
            return this;
        }

        public Builder n(Integer v) {
            n = v;
            return this;
        }

        public Builder seed(Long v) {
            seed = v;
            return this;
        }

        public Builder toolChoice(JsonNode v) {
            toolChoice = v;
            return this;
        }

        public Builder extra(ObjectNode v) {
            extra = v;
            return this;
        }

        public Builder noStore(boolean v) {
            noStore = v;
            return this;
        }

        public Builder requestId(String v) {
            requestId = v;
            return this;
        }

        public Builder latencySensitive(boolean v) {
            latencySensitive = v;
            return this;
        }

        public ChatRequest build() {
            return new ChatRequest(namespace, user, plan, model, system, messages, temperature, maxTokens, topP,
                    stop, tools, responseFormat, bypassCache, n, seed, toolChoice, extra, noStore, requestId,
                    latencySensitive);
        }
    }
}
