package dev.switchboard.engine.cost;

import dev.switchboard.engine.request.ServedBy;

/**
 * One answered request, as the orchestrator hands it to the ledger. Amounts are whole micro-dollars.
 *
 * @param modelAsked    the model the request named
 * @param model         the model whose answer it got
 * @param costMicros    what the provider call cost (0 when no call of its own was made)
 * @param savedMicros   what an answer without a call of its own saved
 * @param latencyMicros time inside the engine
 */
public record CostEvent(long atMillis, String user, String plan, String namespace, String modelAsked, String model,
                        ServedBy servedBy, int tokensIn, int tokensOut, long costMicros, long savedMicros,
                        long latencyMicros) {

    /** An event from amounts in USD as {@code ChatResult} carries them; converted by {@link Micros#fromUsd}. */
    public static CostEvent ofUsd(long atMillis, String user, String plan, String namespace, String modelAsked,
                                  String model, ServedBy servedBy, int tokensIn, int tokensOut, double costUsd,
                                  double savedUsd, long latencyMicros) {
        return new CostEvent(atMillis, user, plan, namespace, modelAsked, model, servedBy, tokensIn, tokensOut,
                Micros.fromUsd(costUsd), Micros.fromUsd(savedUsd), latencyMicros);
    }
}
