package dev.switchboard.engine.cost;

import java.time.Duration;
import java.util.Locale;

/**
 * The budget that stands highest against its limit for one request: which one, how much is spent, the limit.
 *
 * @param budget   the budget in words: "daily budget", "monthly budget for user alice"
 * @param resetsIn time until the period ends (UTC) and the budget starts again
 */
public record BudgetCheck(BudgetLevel level, String budget, double spentUsd, double limitUsd, Duration resetsIn) {
    public static final BudgetCheck OK = new BudgetCheck(BudgetLevel.OK, "", 0, 0, Duration.ZERO);

    public double percent() {
        return limitUsd <= 0 ? 0 : 100 * spentUsd / limitUsd;
    }

    /** "daily budget for user alice: $10.40 spent of $10.00 (104%)". */
    public String describe() {
        return String.format(Locale.ROOT, "%s: $%.2f spent of $%.2f (%.0f%%)", budget, spentUsd, limitUsd, percent());
    }
}
