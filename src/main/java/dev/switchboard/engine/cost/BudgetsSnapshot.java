package dev.switchboard.engine.cost;

import java.time.LocalDate;
import java.util.List;

/**
 * Spend against the global budgets today and this month (UTC), the top spenders today, and recent alerts.
 * Amounts are whole micro-dollars; a limit of 0 means no budget is set. The {@code ...Usd()} methods are the
 * same amounts in dollars for gauges and labels.
 */
public record BudgetsSnapshot(LocalDate day, long todayMicros, long dailyLimitMicros, long monthMicros,
                              long monthlyLimitMicros, int alertPercent, int softPercent, int hardPercent,
                              List<Spender> topUsers, List<Spender> topModels, List<BudgetAlert> alerts) {
    public static final int TOP = 5;

    public BudgetsSnapshot {
        topUsers = List.copyOf(topUsers);
        topModels = List.copyOf(topModels);
        alerts = List.copyOf(alerts);
    }

    public double todayUsd() {
        return Micros.usd(todayMicros);
    }

    public double dailyLimitUsd() {
        return Micros.usd(dailyLimitMicros);
    }

    public double monthUsd() {
        return Micros.usd(monthMicros);
    }

    public double monthlyLimitUsd() {
        return Micros.usd(monthlyLimitMicros);
    }

    /** Who or what spent how much today. */
    public record Spender(String name, long micros) {
        public double usd() {
            return Micros.usd(micros);
        }
    }
}
