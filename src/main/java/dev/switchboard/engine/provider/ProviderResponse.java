package dev.switchboard.engine.provider;

import dev.switchboard.engine.request.Choice;
import java.util.List;

/**
 * What the upstream returned: its choices and the token counts it bills for.
 *
 * @param model            the model id the upstream says answered
 * @param cacheReadTokens  input tokens the upstream served from its own prompt cache (0 when it reports none)
 * @param cacheWriteTokens input tokens the upstream wrote to its prompt cache (Anthropic reports these)
 * @param confidence       the answer's (first choice's) confidence in [0, 1]: from the token log-probabilities where
 *                         the provider returns them ({@code exp} of their mean), the simulator's calibrated
 *                         confidence under a quality model; null when the provider said nothing about it
 */
public record ProviderResponse(List<Choice> choices, String model, int tokensIn, int tokensOut, int cacheReadTokens,
                               int cacheWriteTokens, Double confidence) {
    public ProviderResponse {
        choices = choices == null || choices.isEmpty() ? List.of(Choice.text("")) : List.copyOf(choices);
        if (confidence != null && !(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence: must be between 0 and 1, got " + confidence);
        }
    }

    /** Without a confidence. */
    public ProviderResponse(List<Choice> choices, String model, int tokensIn, int tokensOut, int cacheReadTokens,
                            int cacheWriteTokens) {
        this(choices, model, tokensIn, tokensOut, cacheReadTokens, cacheWriteTokens, null);
    }

    /** One plain text answer. */
    public ProviderResponse(String answer, String model, int tokensIn, int tokensOut) {
        this(List.of(Choice.text(answer)), model, tokensIn, tokensOut, 0, 0, null);
    }

    /** The first choice's text: the answer most callers read. */
    public String answer() {
        return choices.get(0).text();
    }

    /** This response with {@code confidence} (null: none). */
    public ProviderResponse withConfidence(Double confidence) {
        return new ProviderResponse(choices, model, tokensIn, tokensOut, cacheReadTokens, cacheWriteTokens, confidence);
    }
}
