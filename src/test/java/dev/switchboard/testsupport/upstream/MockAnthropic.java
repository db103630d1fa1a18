package dev.switchboard.testsupport.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;

/**
 * Anthropic's Messages API, as its reference documents it: {@code POST /v1/messages} with {@code x-api-key} and a
 * required {@code anthropic-version} header; {@code max_tokens} and {@code messages} required, user and assistant
 * turns alternating. Answers are {@code message} objects with content blocks; streams are named events
 * ({@code event: X} then {@code data: {...}}): message_start, per block content_block_start / a ping /
 * content_block_delta (text_delta, input_json_delta) / content_block_stop, message_delta, message_stop. Errors are
 * {@code {"type": "error", "error": {type, message}, "request_id"}}; 529 is {@code overloaded_error}.
 */
public final class MockAnthropic extends MockUpstream<MockAnthropic> {
    private static final String ID = "msg_013Zva2CMHLNnXjNJJKqJ2EF";

    @Override
    protected String basePath() {
        return "/v1";
    }

    @Override
    protected Failure check(Received r) {
        if (!r.method().equals("POST") || !r.path().equals("/v1/messages")) {
            return new Failure(404, error("not_found_error", "Not Found"), Map.of());
        }
        if (expectedKey != null && !expectedKey.equals(r.header("x-api-key"))) {
            return new Failure(401, null, Map.of());
        }
        if (r.header("anthropic-version") == null) {
            return new Failure(400, error("invalid_request_error", "anthropic-version: header is required"),
                    Map.of());
        }
        JsonNode b = r.body();
        if (b == null) {
            return new Failure(400, error("invalid_request_error", "There was an issue with your request body."),
                    Map.of());
        }
        if (!b.path("max_tokens").isInt()) {
            return new Failure(400, error("invalid_request_error", "max_tokens: Field required"), Map.of());
        }
        String previous = null;
        for (JsonNode m : b.path("messages")) {
            String role = m.path("role").asText();
            if (!role.equals("user") && !role.equals("assistant")) {
                return new Failure(400, error("invalid_request_error", "messages: Unexpected role \"" + role
                        + "\". The Messages API accepts a top-level `system` parameter, not \"system\" as an input "
                        + "message role."), Map.of());
            }
            if (role.equals(previous)) {
                return new Failure(400, error("invalid_request_error", "messages: roles must alternate between "
                        + "\"user\" and \"assistant\", but found multiple \"" + role + "\" roles in a row"), Map.of());
            }
            previous = role;
        }
        return null;
    }

    @Override
    protected String errorBody(int status) {
        return switch (status) {
            case 400 -> error("invalid_request_error", "messages: at least one message is required");
            case 401 -> error("authentication_error", "invalid x-api-key");
            case 403 -> error("permission_error", "Your API key does not have permission to use the specified "
                    + "resource.");
            case 404 -> error("not_found_error", "model: claude-9");
            case 413 -> error("request_too_large", "Request exceeds the maximum allowed number of bytes.");
            case 429 -> error("rate_limit_error", "This request would exceed the rate limit for your organization "
                    + "of 50 requests per minute.");
            case 529 -> error("overloaded_error", "Overloaded");
            default -> error("api_error", "Internal server error");
        };
    }

    /** Anthropic's error body. */
    public static String error(String type, String message) {
        ObjectNode e = JSON.createObjectNode().put("type", "error");
        e.putObject("error").put("type", type).put("message", message);
        e.put("request_id", "req_011CSHoEeqs5C35K2UUqR7Fy");
        return e.toString();
    }

    @Override
    protected boolean wantsStream(Received r) {
        return r.body().path("stream").asBoolean(false);
    }

    private static String model(Received r) {
        return r.body().path("model").asText("claude-3-5-haiku-20241022");
    }

    private ObjectNode usage(boolean start) {
        ObjectNode u = JSON.createObjectNode().put("input_tokens", promptTokens)
                .put("cache_creation_input_tokens", cacheWriteTokens).put("cache_read_input_tokens", cacheReadTokens)
                .put("output_tokens", start ? 1 : completionTokens);
        return u;
    }

    @Override
    protected ObjectNode completion(Received r) {
        ObjectNode m = JSON.createObjectNode().put("id", ID).put("type", "message").put("role", "assistant")
                .put("model", model(r));
        ArrayNode content = m.putArray("content");
        if (!answer.isEmpty() || tool == null) {
            content.addObject().put("type", "text").put("text", answer);
        }
        Tool t = tool;
        if (t != null) {
            ObjectNode use = content.addObject().put("type", "tool_use").put("id", t.id()).put("name", t.name());
            try {
                use.set("input", JSON.readTree(t.arguments()));
            } catch (IOException e) {
                throw new IllegalArgumentException("tool arguments must be JSON", e);
            }
        }
        m.put("stop_reason", t != null ? "tool_use" : "end_turn");
        m.putNull("stop_sequence");
        if (usage) {
            m.set("usage", usage(false));
        }
        return m;
    }

    @Override
    protected void stream(Received r, Events out) throws IOException {
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode msg = start.putObject("message").put("id", ID).put("type", "message").put("role", "assistant");
        msg.putArray("content");
        msg.put("model", model(r)).putNull("stop_reason");
        msg.putNull("stop_sequence");
        if (usage) {
            msg.set("usage", usage(true));
        }
        out.send("message_start", start);
        int block = 0;
        Tool t = tool;
        if (!answer.isEmpty() || t == null) {
            ObjectNode cbs = JSON.createObjectNode().put("type", "content_block_start").put("index", block);
            cbs.putObject("content_block").put("type", "text").put("text", "");
            out.send("content_block_start", cbs);
            out.send("ping", "{\"type\": \"ping\"}");
            for (String piece : pieces(answer)) {
                ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", block);
                d.putObject("delta").put("type", "text_delta").put("text", piece);
                out.send("content_block_delta", d);
            }
            out.send("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop")
                    .put("index", block));
            block++;
        }
        if (t != null) {
            ObjectNode cbs = JSON.createObjectNode().put("type", "content_block_start").put("index", block);
            ObjectNode use = cbs.putObject("content_block").put("type", "tool_use").put("id", t.id())
                    .put("name", t.name());
            use.putObject("input");
            out.send("content_block_start", cbs);
            ObjectNode empty = JSON.createObjectNode().put("type", "content_block_delta").put("index", block);
            empty.putObject("delta").put("type", "input_json_delta").put("partial_json", "");
            out.send("content_block_delta", empty);
            for (String f : fragments(t.arguments())) {
                ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", block);
                d.putObject("delta").put("type", "input_json_delta").put("partial_json", f);
                out.send("content_block_delta", d);
            }
            out.send("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop")
                    .put("index", block));
        }
        ObjectNode md = JSON.createObjectNode().put("type", "message_delta");
        md.putObject("delta").put("stop_reason", t != null ? "tool_use" : "end_turn").putNull("stop_sequence");
        if (usage) {
            md.putObject("usage").put("output_tokens", completionTokens);
        }
        out.send("message_delta", md);
        out.send("message_stop", "{\"type\": \"message_stop\"}");
    }

    @Override
    protected void errorEvent(Events out) throws IOException {
        ObjectNode e = JSON.createObjectNode().put("type", "error");
        e.putObject("error").put("type", "overloaded_error").put("message", "Overloaded");
        out.send("error", e);
    }
}
