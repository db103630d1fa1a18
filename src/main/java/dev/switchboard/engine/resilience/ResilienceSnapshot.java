package dev.switchboard.engine.resilience;

import java.util.List;

/**
 * Resilience at a moment: every model's breaker and health, and what the protections did.
 *
 * @param failoverP99Ms  time to skip a model whose breaker is open and move on, p99
 */
public record ResilienceSnapshot(List<BreakerSnapshot> breakers, long retried, long fellBack, long coalesced,
                                 long staleServed, long breakerTransitions, double failoverP99Ms) {
    public ResilienceSnapshot {
        breakers = List.copyOf(breakers);
    }
}
