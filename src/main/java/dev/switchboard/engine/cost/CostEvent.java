package dev.switchboard.engine.cost;

import dev.switchboard.engine.request.ServedBy;

/**
 * One answered request, as the orchestrator hands it to the ledger.
 *
 * @param modelAsked    the model the request named
 * @param model         the model whose answer it got
 * @param costUsd       what the provider call cost (0 when no call of its own was made)
 * @param savedUsd      what an answer without a call of its own saved
 * @param latencyMicros time inside the engine
 */
public record CostEvent(long atMillis, String user, String plan, String namespace, String modelAsked, String model,
                        ServedBy servedBy, int tokensIn, int tokensOut, double costUsd, double savedUsd,
                        long latencyMicros) {
}
