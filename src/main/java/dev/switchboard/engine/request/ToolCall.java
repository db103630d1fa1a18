package dev.switchboard.engine.request;

import java.util.Objects;

/**
 * A function call the model asked for, in OpenAI's terms: Anthropic's {@code tool_use} block maps onto it with
 * {@code input} written as JSON text.
 *
 * @param arguments the arguments as JSON text, exactly as the model wrote them (possibly invalid JSON)
 */
public record ToolCall(String id, String name, String arguments) {
    public ToolCall {
        Objects.requireNonNull(name, "name");
        arguments = arguments == null ? "" : arguments;
    }
}
