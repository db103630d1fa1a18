package dev.switchboard.engine.error;

import java.time.Duration;

/**
 * A budget is past its hard limit: calls that would cost money are refused until the period ends (UTC) or the
 * operator raises the budget. Answers from the cache still flow; they cost nothing.
 */
public final class BudgetExceededException extends EngineException {
    private final String budget;
    private final Duration retryAfter;

    /**
     * @param budget   the budget in words, "daily budget for user alice"
     * @param describe the budget with its spend, "daily budget: $12.10 spent of $10.00 (121%)"
     */
    public BudgetExceededException(String budget, String describe, int hardPercent, Duration retryAfter) {
        super("budget_exceeded", "budget exceeded: " + describe + " is past the hard limit (" + hardPercent
                + "%); raise the budget or retry after " + retryAfter.toMinutes() + " min, when it resets");
        this.budget = budget;
        this.retryAfter = retryAfter;
    }

    public String budget() {
        return budget;
    }

    /** Until the budget's period ends. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
