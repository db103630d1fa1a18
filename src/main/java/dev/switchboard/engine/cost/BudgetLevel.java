package dev.switchboard.engine.cost;

/** Where spend stands against a budget, by the configured thresholds (80%, 100%, 120% unless changed). */
public enum BudgetLevel {
    /** Below the alert threshold, or no budget. */
    OK,
    /** Past the alert threshold: the console and the log say so. */
    ALERT,
    /** Past the soft limit: calls go to the cheapest model in their chain. */
    SOFT,
    /** Past the hard limit: calls that would cost money are refused. */
    HARD
}
