package dev.switchboard.engine.resilience;

/**
 * One model's breaker and health at a moment.
 *
 * @param state          CLOSED, OPEN, HALF_OPEN, FORCED_OPEN, ... (Resilience4j's names)
 * @param failureRate    percent of failed calls in the window, or -1 before enough calls
 * @param slowCallRate   percent of slow calls in the window, or -1 before enough calls
 * @param openUntilMillis when an open breaker lets a trial call through (epoch millis), 0 when not open
 */
public record BreakerSnapshot(String model, String state, float failureRate, float slowCallRate, long openUntilMillis,
                              int bufferedCalls, Health health) {
}
