package dev.switchboard.engine.error;

/**
 * The upstream refused our credentials (HTTP 401, 403): a configuration error of the named provider, not of the
 * request. Not retried and not counted against the breaker; the chain may still fall back to a model served by
 * another provider.
 */
public final class ProviderAuthException extends EngineException {
    private final String provider;
    private final int status;

    public ProviderAuthException(String provider, int status, String detail) {
        super("provider_auth", "provider '" + provider + "' refused its credentials (HTTP " + status + "): " + detail
                + "; check its api_key and the environment variable it names");
        this.provider = provider;
        this.status = status;
    }

    public String provider() {
        return provider;
    }

    public int status() {
        return status;
    }
}
