package dev.switchboard.engine.cost;

import java.time.LocalDate;
import java.util.List;

/**
 * Spend against the global budgets today and this month (UTC), the top spenders today, and recent alerts.
 * A limit of 0 means no budget is set.
 */
public record BudgetsSnapshot(LocalDate day, double todayUsd, double dailyLimitUsd, double monthUsd,
                              double monthlyLimitUsd, int alertPercent, int softPercent, int hardPercent,
                              List<Spender> topUsers, List<Spender> topModels, List<BudgetAlert> alerts) {
    public static final int TOP = 5;

    public BudgetsSnapshot {
        topUsers = List.copyOf(topUsers);
        topModels = List.copyOf(topModels);
        alerts = List.copyOf(alerts);
    }

    /** Who or what spent how much today. */
    public record Spender(String name, double usd) {
    }
}
