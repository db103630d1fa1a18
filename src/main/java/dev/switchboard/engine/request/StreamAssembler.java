package dev.switchboard.engine.request;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Puts a stream's deltas back together into choices: what is cached and billed once the stream completed. */
public final class StreamAssembler {
    private static final class Part {
        final StringBuilder text = new StringBuilder();
        final TreeMap<Integer, String[]> calls = new TreeMap<>();
        String finish;
    }

    private final TreeMap<Integer, Part> parts = new TreeMap<>();

    public void add(StreamDelta d) {
        Part p = parts.computeIfAbsent(d.choice(), i -> new Part());
        if (d.text() != null) {
            p.text.append(d.text());
        }
        StreamDelta.ToolCallDelta t = d.toolCall();
        if (t != null) {
            String[] call = p.calls.computeIfAbsent(t.index(), i -> new String[] {null, null, ""});
            if (t.id() != null) {
                call[0] = t.id();
            }
            if (t.name() != null) {
                call[1] = t.name();
            }
            if (t.arguments() != null) {
                call[2] = call[2] + t.arguments();
            }
        }
        if (d.finishReason() != null) {
            p.finish = d.finishReason();
        }
    }

    /** The text so far of every choice together: for estimating the tokens of a stream that gave no usage. */
    public String allText() {
        StringBuilder sb = new StringBuilder();
        parts.values().forEach(p -> sb.append(p.text));
        return sb.toString();
    }

    public List<Choice> choices() {
        List<Choice> out = new ArrayList<>();
        parts.forEach((i, p) -> {
            List<ToolCall> calls = new ArrayList<>();
            p.calls.values().forEach(c -> calls.add(new ToolCall(c[0], c[1] == null ? "" : c[1], c[2])));
            out.add(new Choice(i, p.text.toString(), calls, p.finish));
        });
        return out.isEmpty() ? List.of(Choice.text("")) : out;
    }
}
