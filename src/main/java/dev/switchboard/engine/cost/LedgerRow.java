package dev.switchboard.engine.cost;

/**
 * One ledger record as stored: one answered request. Exports (CSV, a user's records) are streams of these.
 *
 * @param atMillis     when it was answered, epoch milliseconds UTC
 * @param id           unique per record: the journal that took it and its sequence number there
 * @param modelAsked   the model the request named
 * @param model        the model whose answer it got (differs after a fallback or a budget reroute)
 * @param servedBy     L1, L2, L3, PROVIDER, COALESCED or STALE; SEMANTIC; FAILED_CALL for a provider call that did not answer, REPROMPT for a call asking a model to fix its output
 * @param costMicros   what it cost, whole micro-dollars
 * @param savedMicros  what it saved, whole micro-dollars
 * @param latencyMicros time inside the engine
 */
public record LedgerRow(String id, long atMillis, String user, String plan, String namespace, String modelAsked,
                        String model, String servedBy, int tokensIn, int tokensOut, long costMicros, long savedMicros,
                        long latencyMicros) {
}
