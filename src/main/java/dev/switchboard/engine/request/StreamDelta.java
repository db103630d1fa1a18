package dev.switchboard.engine.request;

import java.util.ArrayList;
import java.util.List;

/**
 * One piece of a streamed answer, in OpenAI's chunk terms: text for a choice, a fragment of a tool call, or the
 * choice's finish reason. Anthropic's content-block events map onto it.
 *
 * @param text         text to append to the choice, or null
 * @param toolCall     a tool-call fragment, or null
 * @param finishReason set on the delta that ends the choice, else null
 */
public record StreamDelta(int choice, String text, ToolCallDelta toolCall, String finishReason) {

    /**
     * A fragment of one tool call: the first fragment of a call carries its id and name, later ones only more of
     * its arguments' JSON text.
     */
    public record ToolCallDelta(int index, String id, String name, String arguments) {
    }

    public static StreamDelta text(int choice, String text) {
        return new StreamDelta(choice, text, null, null);
    }

    public static StreamDelta finish(int choice, String reason) {
        return new StreamDelta(choice, null, null, reason);
    }

    private static final int WORDS_PER_DELTA = 4;

    /**
     * A finished answer as the deltas an upstream would have streamed: a few words at a time, then each tool call
     * whole, then the finish reason. How a cache hit is replayed to a caller that asked for a stream.
     */
    public static List<StreamDelta> replay(List<Choice> choices) {
        List<StreamDelta> out = new ArrayList<>();
        for (Choice c : choices) {
            String text = c.text();
            int words = 0;
            int from = 0;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == ' ' && ++words % WORDS_PER_DELTA == 0) {
                    out.add(text(c.index(), text.substring(from, i + 1)));
                    from = i + 1;
                }
            }
            if (from < text.length() || text.isEmpty() && c.toolCalls().isEmpty()) {
                out.add(text(c.index(), text.substring(from)));
            }
            for (int t = 0; t < c.toolCalls().size(); t++) {
                ToolCall call = c.toolCalls().get(t);
                out.add(new StreamDelta(c.index(), null, new ToolCallDelta(t, call.id(), call.name(), call.arguments()),
                        null));
            }
            out.add(finish(c.index(), c.finishReason()));
        }
        return out;
    }
}
