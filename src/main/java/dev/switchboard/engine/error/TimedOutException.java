package dev.switchboard.engine.error;

import java.time.Duration;

/** A provider call took longer than its time limit, or the request ran out of its overall deadline. */
public final class TimedOutException extends EngineException {
    public TimedOutException(String what, Duration after) {
        super("timed_out", what + " timed out after " + after.toMillis() + " ms; the provider is slow: try again later or raise "
                + "resilience.timeout / resilience.deadline");
    }
}
