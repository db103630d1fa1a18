package dev.switchboard.engine.cost;

/**
 * A budget crossed a threshold. Alerts are numbered so a poller shows each once.
 *
 * @param seq increases by one per alert in this engine
 */
public record BudgetAlert(long seq, long atMillis, BudgetLevel level, String budget, String message) {
}
