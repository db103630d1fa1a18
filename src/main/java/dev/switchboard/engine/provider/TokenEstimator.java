package dev.switchboard.engine.provider;

import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.Choice;
import dev.switchboard.engine.request.Message;
import dev.switchboard.engine.request.ToolCall;
import java.util.List;

/**
 * Token counts for the simulated provider: about four characters a token, the usual rule of thumb for English
 * with BPE tokenizers, plus a few tokens of framing per message as chat APIs bill. Real providers use it too, when
 * an upstream (a local server, a stream cut short of its usage) reports no counts: a call is billed either way.
 */
public final class TokenEstimator {
    private static final int PER_MESSAGE_OVERHEAD = 4;

    private TokenEstimator() {
    }

    public static int ofText(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return Math.max(1, (text.length() + 3) / 4);
    }

    public static int ofRequest(ChatRequest r) {
        int n = r.system() == null ? 0 : ofText(r.system()) + PER_MESSAGE_OVERHEAD;
        for (Message m : r.messages()) {
            n += ofText(m.content()) + PER_MESSAGE_OVERHEAD;
        }
        return n;
    }

    /** The output of an answer: every choice's text and its tool calls' names and arguments. */
    public static int ofChoices(List<Choice> choices) {
        int n = 0;
        for (Choice c : choices) {
            n += ofText(c.text());
            for (ToolCall t : c.toolCalls()) {
                n += ofText(t.name()) + ofText(t.arguments());
            }
        }
        return n;
    }
}
