package dev.switchboard.engine.error;

/**
 * Every failure the engine reports to a caller. The message says what happened and what to do; {@link #kind()}
 * is a short stable name for counting failures by kind (replay reports, the console).
 */
public abstract sealed class EngineException extends RuntimeException
        permits BudgetExceededException, GuardrailBlockedException, InvalidRequestException, ParseFailedException,
        ProviderAuthException, RateLimitedException,
        StreamCutException, TimedOutException, UpstreamErrorException, UpstreamRejectedException,
        UpstreamRateLimitedException, UpstreamUnavailableException {

    private final String kind;

    protected EngineException(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** A short stable name for counting, e.g. {@code rate_limited}; a field, not an override, so it is one read. */
    public final String kind() {
        return kind;
    }
}
