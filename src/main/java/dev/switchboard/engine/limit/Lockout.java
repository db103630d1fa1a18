package dev.switchboard.engine.limit;

/** A user locked out for pushing past their limits, until {@code untilMillis} (epoch). */
public record Lockout(String user, long untilMillis) {
}
