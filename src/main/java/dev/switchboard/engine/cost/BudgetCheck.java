package dev.switchboard.engine.cost;

import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/**
 * The budget that stands highest against its limit for one request: which one, how much is spent, the limit.
 *
 * @param budget      the budget in words: "daily budget", "monthly budget for user alice"
 * @param spentMicros spent in the period, whole micro-dollars
 * @param limitMicros the budget, whole micro-dollars (0: none)
 * @param resetsIn    time until the period ends (UTC) and the budget starts again
 */
public record BudgetCheck(BudgetLevel level, String budget, long spentMicros, long limitMicros, Duration resetsIn) {
    public static final BudgetCheck OK = new BudgetCheck(BudgetLevel.OK, "", 0, 0, Duration.ZERO);

    public double percent() {
        return limitMicros <= 0 ? 0 : 100.0 * spentMicros / limitMicros;
    }

    /** "daily budget for user alice: $10.40 spent of $10.00 (104%)"; cents rounded half up. */
    public String describe() {
        return String.format(Locale.ROOT, "%s: $%s spent of $%s (%.0f%%)", budget, cents(spentMicros),
                cents(limitMicros), percent());
    }

    private static String cents(long micros) {
        return Micros.toUsd(micros).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
