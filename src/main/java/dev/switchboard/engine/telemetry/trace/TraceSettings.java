package dev.switchboard.engine.telemetry.trace;

import java.net.URI;

/**
 * Where traces go and how many: OTLP over HTTP to {@code endpoint}, a share {@code sampling} of requests that start
 * a trace (a caller's sampled trace is always followed), under {@code serviceName}.
 */
public record TraceSettings(boolean enabled, String endpoint, double sampling, String serviceName) {
    public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:4318/v1/traces";

    public TraceSettings {
        if (!(sampling >= 0 && sampling <= 1)) {
            throw new IllegalArgumentException("sampling: must be between 0 and 1, got " + sampling);
        }
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("endpoint: must be an http(s) URL, e.g. " + DEFAULT_ENDPOINT);
        }
        try {
            URI u = URI.create(endpoint.strip());
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException("endpoint: must be an http(s) URL with a host, e.g. "
                        + DEFAULT_ENDPOINT);
            }
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("endpoint:") ? e
                    : new IllegalArgumentException("endpoint: not a URL (" + e.getMessage() + ")");
        }
        if (serviceName == null || serviceName.isBlank()) {
            throw new IllegalArgumentException("service_name: must not be empty");
        }
    }

    /** Off; when turned on, a tenth of requests to a collector on this machine. */
    public static TraceSettings defaults() {
        return new TraceSettings(false, DEFAULT_ENDPOINT, 0.1, "switchboard");
    }
}
