package dev.switchboard.engine.request;

import java.util.Objects;

/** One chat message: role ({@code system}, {@code user}, {@code assistant} or {@code tool}) and text. */
public record Message(String role, String content) {
    public Message {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static Message user(String content) {
        return new Message("user", content);
    }
}
