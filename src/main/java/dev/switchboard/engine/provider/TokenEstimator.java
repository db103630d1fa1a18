package dev.switchboard.engine.provider;

import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.Message;

/**
 * Token counts for the simulated provider: about four characters a token, the usual rule of thumb for English
 * with BPE tokenizers, plus a few tokens of framing per message as chat APIs bill.
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
}
