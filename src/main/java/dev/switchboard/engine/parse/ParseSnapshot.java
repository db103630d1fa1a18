package dev.switchboard.engine.parse;

import java.util.List;

/**
 * The parser's counters at one moment, for the console's tile (polled at 4 Hz) and the metrics.
 *
 * @param strategies   one row per strategy, in chain order
 * @param expectations one row per expectation name, most answers first
 * @param answers      answers run through the chain (a re-prompt's answer counts again)
 * @param parsed       of those, the ones a strategy turned into the expected value
 * @param reprompts    follow-ups sent back to the model
 * @param failed       requests that gave up: an error, or the raw text where the namespace allows it
 * @param repromptCostMicros what the re-prompts cost, in micro-dollars
 */
public record ParseSnapshot(List<StrategyRow> strategies, List<ExpectationRow> expectations, long answers,
                            long parsed, long reprompts, long failed, long repromptCostMicros) {
    public ParseSnapshot {
        strategies = List.copyOf(strategies);
        expectations = List.copyOf(expectations);
    }

    /** @param p50Micros median chain time of the answers this strategy parsed, in µs (0 before any) */
    public record StrategyRow(String id, long attempts, long successes, long failures, double p50Micros,
                              double p99Micros) {
    }

    /**
     * @param rawReturned failures answered with the raw text (the namespace's {@code raw_on_failure})
     */
    public record ExpectationRow(String name, long answers, long parsed, long failed, long reprompts,
                                 long repromptCostMicros, long rawReturned) {
    }

    /** Share of answers parsed, 0..1 (1 before any). */
    public double parsedShare() {
        return answers == 0 ? 1.0 : (double) parsed / answers;
    }
}
