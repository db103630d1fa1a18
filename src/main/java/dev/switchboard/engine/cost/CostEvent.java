package dev.switchboard.engine.cost;

import dev.switchboard.engine.request.ServedBy;

/**
 * One answered request, or one provider call that did not answer, as the orchestrator hands it to the ledger.
 * Amounts are whole micro-dollars. A call that reached the provider costs what the provider bills whether or not
 * it answered (a call cut by a time limit had its prompt processed), so it is in the ledger too: its
 * {@code servedBy} is null, its row says {@value #FAILED_CALL}, and it counts as a provider call, not a request.
 * A call the parser made to have a model fix its unparseable output ({@code reprompt}) is a provider call of the
 * same request: its row says {@value #REPROMPT_CALL}, with what it cost.
 *
 * @param modelAsked    the model the request named
 * @param model         the model whose answer it got
 * @param costMicros    what the provider call cost (0 when no call of its own was made)
 * @param savedMicros   what an answer without a call of its own saved
 * @param latencyMicros time inside the engine
 */
public record CostEvent(long atMillis, String user, String plan, String namespace, String modelAsked, String model,
                        ServedBy servedBy, int tokensIn, int tokensOut, long costMicros, long savedMicros,
                        long latencyMicros, boolean reprompt) {

    /** The ledger's {@code served_by} for a provider call that did not answer. */
    public static final String FAILED_CALL = "FAILED_CALL";
    /** The ledger's {@code served_by} for a re-prompt: a call asking the model to fix its output. */
    public static final String REPROMPT_CALL = "REPROMPT";

    public CostEvent(long atMillis, String user, String plan, String namespace, String modelAsked, String model,
                     ServedBy servedBy, int tokensIn, int tokensOut, long costMicros, long savedMicros,
                     long latencyMicros) {
        this(atMillis, user, plan, namespace, modelAsked, model, servedBy, tokensIn, tokensOut, costMicros,
                savedMicros, latencyMicros, false);
    }

    public CostEvent {
        if (reprompt && servedBy != null) {
            throw new IllegalArgumentException("a re-prompt is a call, not an answer: servedBy must be null");
        }
    }

    /** A re-prompt call to {@code model} and what it cost; the request's answer is recorded on its own. */
    public static CostEvent reprompt(long atMillis, String user, String plan, String namespace, String modelAsked,
                                     String model, int tokensIn, int tokensOut, long costMicros, long latencyMicros) {
        return new CostEvent(atMillis, user, plan, namespace, modelAsked, model, null, tokensIn, tokensOut, costMicros,
                0, latencyMicros, true);
    }

    /** A provider call that reached {@code model} and failed; {@code costMicros} is what it may be billed. */
    public static CostEvent failedCall(long atMillis, String user, String plan, String namespace, String modelAsked,
                                       String model, int tokensIn, long costMicros) {
        return new CostEvent(atMillis, user, plan, namespace, modelAsked, model, null, tokensIn, 0, costMicros, 0, 0);
    }

    /** False for a failed provider call and a re-prompt: neither is a request's answer. */
    public boolean answered() {
        return servedBy != null;
    }

    /** What the ledger's {@code served_by} column holds. */
    public String servedByName() {
        return reprompt ? REPROMPT_CALL : servedBy == null ? FAILED_CALL : servedBy.name();
    }

    /** Whether a provider call of its own was made (an answer from the provider, a failed call, a re-prompt). */
    public boolean providerCall() {
        return servedBy == null || servedBy == ServedBy.PROVIDER;
    }

    /** An event from amounts in USD as {@code ChatResult} carries them; converted by {@link Micros#fromUsd}. */
    public static CostEvent ofUsd(long atMillis, String user, String plan, String namespace, String modelAsked,
                                  String model, ServedBy servedBy, int tokensIn, int tokensOut, double costUsd,
                                  double savedUsd, long latencyMicros) {
        return new CostEvent(atMillis, user, plan, namespace, modelAsked, model, servedBy, tokensIn, tokensOut,
                Micros.fromUsd(costUsd), Micros.fromUsd(savedUsd), latencyMicros);
    }
}
