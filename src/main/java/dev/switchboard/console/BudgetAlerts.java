package dev.switchboard.console;

import dev.switchboard.engine.EngineSnapshot;
import dev.switchboard.engine.cost.BudgetAlert;
import dev.switchboard.engine.cost.BudgetLevel;

/**
 * Turns the engine's budget alerts into banners: amber for the alert threshold, red for the soft and hard limits.
 * The engine numbers its alerts; this shows each new one once (the most severe when several arrive together).
 */
final class BudgetAlerts {
    private final Notifier notifier;
    private long lastSeen;

    BudgetAlerts(Notifier notifier) {
        this.notifier = notifier;
    }

    void show(EngineSnapshot s) {
        BudgetAlert worst = null;
        for (BudgetAlert a : s.ledger().budgets().alerts()) {
            if (a.seq() > lastSeen) {
                lastSeen = a.seq();
                if (worst == null || a.level().compareTo(worst.level()) >= 0) {
                    worst = a;
                }
            }
        }
        if (worst == null) {
            return;
        }
        String text = "Budget: " + worst.message();
        if (worst.level() == BudgetLevel.ALERT) {
            notifier.warn(text);
        } else {
            notifier.error(text);
        }
    }
}
