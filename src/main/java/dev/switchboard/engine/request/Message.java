package dev.switchboard.engine.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * One chat message in OpenAI's shape, the engine's own: role ({@code system}, {@code developer}, {@code user},
 * {@code assistant} or {@code tool}) and text, plus what tool use adds. Anthropic's content blocks map onto it: a
 * {@code tool_use} block is an assistant's tool call, a {@code tool_result} block a {@code tool} message.
 *
 * @param name       the participant's name, or null
 * @param toolCallId for a {@code tool} message: the call it answers
 * @param toolCalls  for an {@code assistant} message: the calls it made
 * @param parts      the content as an array of parts (images, audio) when it was not plain text; passed through
 *                   untouched, and part of the cache key; {@code content} then holds the parts' text
 */
public record Message(String role, String content, String name, String toolCallId, List<ToolCall> toolCalls,
                      JsonNode parts) {
    public Message {
        Objects.requireNonNull(role, "role");
        content = content == null ? "" : content;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public Message(String role, String content) {
        this(role, content, null, null, List.of(), null);
    }

    public static Message user(String content) {
        return new Message("user", content);
    }
}
