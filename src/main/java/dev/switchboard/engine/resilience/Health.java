package dev.switchboard.engine.resilience;

/** A model's health from its breaker: DOWN while open, DEGRADED when failing or slow often, else HEALTHY. */
public enum Health {
    HEALTHY, DEGRADED, DOWN
}
