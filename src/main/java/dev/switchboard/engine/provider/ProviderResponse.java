package dev.switchboard.engine.provider;

import dev.switchboard.engine.request.Choice;
import java.util.List;

/**
 * What the upstream returned: its choices and the token counts it bills for.
 *
 * @param model            the model id the upstream says answered
 * @param cacheReadTokens  input tokens the upstream served from its own prompt cache (0 when it reports none)
 * @param cacheWriteTokens input tokens the upstream wrote to its prompt cache (Anthropic reports these)
 */
public record ProviderResponse(List<Choice> choices, String model, int tokensIn, int tokensOut, int cacheReadTokens,
                               int cacheWriteTokens) {
    public ProviderResponse {
        choices = choices == null || choices.isEmpty() ? List.of(Choice.text("")) : List.copyOf(choices);
    }

    /** One plain text answer. */
    public ProviderResponse(String answer, String model, int tokensIn, int tokensOut) {
        this(List.of(Choice.text(answer)), model, tokensIn, tokensOut, 0, 0);
    }

    /** The first choice's text: the answer most callers read. */
    public String answer() {
        return choices.get(0).text();
    }
}
