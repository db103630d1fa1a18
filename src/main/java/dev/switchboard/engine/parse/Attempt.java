package dev.switchboard.engine.parse;

/** A strategy that did not produce an acceptable value, and why. */
public record Attempt(Strategy strategy, String reason) {
    @Override
    public String toString() {
        return strategy.id() + ": " + reason;
    }
}
