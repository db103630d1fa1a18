package dev.switchboard.engine.provider;

/** What the upstream returned: the text and the token counts it bills for. */
public record ProviderResponse(String answer, String model, int tokensIn, int tokensOut) {
}
