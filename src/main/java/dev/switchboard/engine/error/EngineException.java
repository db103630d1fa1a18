package dev.switchboard.engine.error;

/**
 * Every failure the engine reports to a caller. The message says what happened and what to do; {@link #kind()}
 * is a short stable name for counting failures by kind (replay reports, the console).
 */
public abstract sealed class EngineException extends RuntimeException
        permits InvalidRequestException, RateLimitedException, TimedOutException, UpstreamErrorException,
        UpstreamRateLimitedException, UpstreamUnavailableException {

    protected EngineException(String message) {
        super(message);
    }

    protected EngineException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract String kind();
}
