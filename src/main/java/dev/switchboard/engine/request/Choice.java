package dev.switchboard.engine.request;

import java.util.List;

/**
 * One answer of a completion (a request with {@code n > 1} has several).
 *
 * @param finishReason OpenAI's vocabulary: {@code stop}, {@code length}, {@code tool_calls}, {@code content_filter};
 *                     Anthropic's stop reasons are mapped onto it
 */
public record Choice(int index, String text, List<ToolCall> toolCalls, String finishReason) {
    public static final String STOP = "stop";
    public static final String LENGTH = "length";
    public static final String TOOL_CALLS = "tool_calls";

    public Choice {
        text = text == null ? "" : text;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        finishReason = finishReason == null ? STOP : finishReason;
    }

    public static Choice text(String text) {
        return new Choice(0, text, List.of(), STOP);
    }

    /** The same choice with another text (a redacted or normalised answer). */
    public Choice withText(String t) {
        return new Choice(index, t, toolCalls, finishReason);
    }

    /** The plain shape most answers have: one text choice that stopped by itself. */
    public boolean isPlain() {
        return index == 0 && toolCalls.isEmpty() && STOP.equals(finishReason);
    }

    /** {@code [plain text]} when {@code choices} is null or empty: entries written before choices were kept. */
    public static List<Choice> orPlain(List<Choice> choices, String answer) {
        return choices == null || choices.isEmpty() ? List.of(text(answer)) : choices;
    }

    /** Null when the choices are one plain text answer (the common case stores nothing extra), else the list. */
    public static List<Choice> extraOrNull(List<Choice> choices) {
        return choices == null || choices.isEmpty() || choices.size() == 1 && choices.get(0).isPlain() ? null : choices;
    }
}
