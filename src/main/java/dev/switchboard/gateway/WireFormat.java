package dev.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.provider.TokenEstimator;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.StreamDelta;
import dev.switchboard.gateway.anthropic.AnthropicWire;
import dev.switchboard.gateway.openai.OpenAiWire;
import java.util.List;

/**
 * The two API formats the gateway speaks, each over its translation ({@link OpenAiWire}, {@link AnthropicWire}):
 * what an endpoint needs from a format, in one place, so the chat flow is written once.
 */
enum WireFormat {
    OPENAI {
        @Override
        ChatRequest.Builder toRequest(JsonNode body) {
            return OpenAiWire.toRequest(body);
        }

        @Override
        boolean wantsStream(JsonNode body) {
            return OpenAiWire.wantsStream(body);
        }

        @Override
        String newId() {
            return "chatcmpl-" + Ids.random();
        }

        @Override
        ObjectNode response(ChatResult r, String id, long created) {
            return OpenAiWire.toResponse(r, id, created, r.model());
        }

        @Override
        Frames frames(JsonNode body, ChatRequest request, String id, long created) {
            OpenAiWire.StreamEncoder enc = new OpenAiWire.StreamEncoder(id, created, request.model(),
                    OpenAiWire.includeUsage(body));
            return Frames.of(enc::start, enc::delta, enc::finish, f -> enc.error(openAiType(f), f.message()));
        }

        @Override
        ObjectNode error(Failure f) {
            if (f.kind() == Failure.Kind.BUDGET_EXCEEDED) {
                return OpenAiWire.quotaExceeded(f.message());
            }
            return OpenAiWire.error(f.message(), openAiType(f), f.param(), f.kind().openAiCode);
        }

        @Override
        ObjectNode models(List<String> names, java.util.Map<String, String> routeKinds, long created) {
            return OpenAiWire.models(names, routeKinds, created);
        }
    },

    ANTHROPIC {
        @Override
        ChatRequest.Builder toRequest(JsonNode body) {
            return AnthropicWire.toRequest(body);
        }

        @Override
        boolean wantsStream(JsonNode body) {
            return AnthropicWire.wantsStream(body);
        }

        @Override
        String newId() {
            return "msg_" + Ids.random();
        }

        @Override
        ObjectNode response(ChatResult r, String id, long created) {
            return AnthropicWire.toResponse(r, id, r.model());
        }

        @Override
        Frames frames(JsonNode body, ChatRequest request, String id, long created) {
            // message_start carries the input tokens before the answer exists: the engine's estimate.
            AnthropicWire.StreamEncoder enc = new AnthropicWire.StreamEncoder(id, request.model(),
                    TokenEstimator.ofRequest(request));
            return Frames.of(enc::start, enc::delta, enc::finish,
                    f -> enc.error(AnthropicWire.typeFor(f.status(ANTHROPIC)), f.message()));
        }

        @Override
        ObjectNode error(Failure f) {
            return AnthropicWire.error(AnthropicWire.typeFor(f.status(this)), f.message());
        }

        @Override
        ObjectNode models(List<String> names, java.util.Map<String, String> routeKinds, long created) {
            return AnthropicWire.models(names, routeKinds);
        }
    };

    /** One streamed answer's frames, in the format's own events; each call returns SSE text, possibly empty. */
    interface Frames {
        String start();

        String delta(StreamDelta d);

        String finish(ChatResult r);

        String error(Failure f);

        /** A format's stream encoder seen as frames: its own error event from the failure. */
        static Frames of(java.util.function.Supplier<String> start,
                         java.util.function.Function<StreamDelta, String> delta,
                         java.util.function.Function<ChatResult, String> finish,
                         java.util.function.Function<Failure, String> error) {
            return new Frames() {
                @Override
                public String start() {
                    return start.get();
                }

                @Override
                public String delta(StreamDelta d) {
                    return delta.apply(d);
                }

                @Override
                public String finish(ChatResult r) {
                    return finish.apply(r);
                }

                @Override
                public String error(Failure f) {
                    return error.apply(f);
                }
            };
        }
    }

    /** @throws dev.switchboard.gateway.wire.WireException naming the field at fault */
    abstract ChatRequest.Builder toRequest(JsonNode body);

    abstract boolean wantsStream(JsonNode body);

    /** A new response id in the format's style ({@code chatcmpl-...}, {@code msg_...}). */
    abstract String newId();

    abstract ObjectNode response(ChatResult r, String id, long created);

    /** @throws dev.switchboard.gateway.wire.WireException when the body's stream options are malformed */
    abstract Frames frames(JsonNode body, ChatRequest request, String id, long created);

    abstract ObjectNode error(Failure f);

    /** @param routeKinds the kind of each name that is a route; the other names are models */
    abstract ObjectNode models(List<String> names, java.util.Map<String, String> routeKinds, long created);

    /**
     * The format a request is answered in, errors included: each chat path's own; elsewhere ({@code /v1/models}, an
     * unknown path) Anthropic's when the request carries {@code anthropic-version} (its SDKs always send it) or is
     * under {@code /v1/messages}, else OpenAI's.
     */
    static WireFormat of(String path, String anthropicVersion) {
        if (path.equals("/v1/chat/completions")) {
            return OPENAI;
        }
        return anthropicVersion != null || path.startsWith("/v1/messages") ? ANTHROPIC : OPENAI;
    }

    private static String openAiType(Failure f) {
        return switch (f.kind()) {
            case RATE_LIMITED, UPSTREAM_RATE_LIMITED -> OpenAiWire.RATE_LIMIT_REQUESTS;
            case BUDGET_EXCEEDED -> OpenAiWire.INSUFFICIENT_QUOTA;
            case FORBIDDEN -> OpenAiWire.PERMISSION_ERROR;
            case INTERNAL, PROVIDER_AUTH, STREAM_CUT, UNAVAILABLE, UPSTREAM_ERROR, SHUTTING_DOWN, KEYS_UNAVAILABLE,
                 TIMED_OUT -> OpenAiWire.SERVER_ERROR;
            default -> OpenAiWire.INVALID_REQUEST_ERROR;
        };
    }
}
