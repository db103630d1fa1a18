package dev.switchboard.engine.cache;

import dev.switchboard.engine.request.Choice;
import dev.switchboard.engine.request.ToolCall;
import java.util.List;

/**
 * A cached answer with what it cost to make, and when it expires in the tier that holds it (each tier has its
 * own TTL, so each holds its own copy of {@code expiresAtMillis}).
 *
 * @param model   the model that wrote the answer
 * @param costUsd what the provider call cost; a hit on this entry saves that much
 * @param choices the whole answer when it is more than one plain text choice (tool calls, several choices, a
 *                finish other than {@code stop}); null for the plain case, which {@code answer} holds
 */
public record CachedAnswer(String answer, String model, int tokensIn, int tokensOut, double costUsd,
                           long createdAtMillis, long expiresAtMillis, List<Choice> choices) {

    public CachedAnswer {
        choices = Choice.extraOrNull(choices);
    }

    public CachedAnswer(String answer, String model, int tokensIn, int tokensOut, double costUsd,
                        long createdAtMillis, long expiresAtMillis) {
        this(answer, model, tokensIn, tokensOut, costUsd, createdAtMillis, expiresAtMillis, null);
    }

    public CachedAnswer expiringAt(long expiresAt) {
        return new CachedAnswer(answer, model, tokensIn, tokensOut, costUsd, createdAtMillis, expiresAt, choices);
    }

    /** Every choice of the answer, the plain one included. */
    public List<Choice> allChoices() {
        return Choice.orPlain(choices, answer);
    }

    public boolean isLive(long nowMillis) {
        return expiresAtMillis > nowMillis;
    }

    /** A rough heap footprint, for bounding L1 by bytes: two bytes a char plus object overheads. */
    int estimatedBytes() {
        int extra = 0;
        if (choices != null) {
            for (Choice c : choices) {
                extra += 64 + 2 * c.text().length();
                for (ToolCall t : c.toolCalls()) {
                    extra += 64 + 2 * (t.name().length() + t.arguments().length() + (t.id() == null ? 0 : t.id().length()));
                }
            }
        }
        return 96 + 2 * answer.length() + 2 * model.length() + extra;
    }
}
