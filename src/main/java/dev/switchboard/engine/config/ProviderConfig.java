package dev.switchboard.engine.config;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One upstream API the models section can name: its wire format, where it is, and how to authenticate.
 *
 * @param baseUrl        up to and including the version, e.g. {@code https://api.openai.com/v1}; for Azure, the
 *                       resource's endpoint ({@code https://NAME.openai.azure.com})
 * @param apiKey         read from the environment variable the file names; never written back expanded
 * @param headers        extra headers on every request (values may hold secrets: views mask them)
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout    the longest silence from the upstream while an answer is awaited or streams in
 * @param apiVersion     Azure OpenAI's {@code api-version} (setting it selects Azure's deployment paths and its
 *                       {@code api-key} header), or the {@code anthropic-version} header; null for the default
 */
public record ProviderConfig(String name, ProviderKind kind, String baseUrl, Secret apiKey,
                             Map<String, String> headers, Duration connectTimeout, Duration readTimeout,
                             String apiVersion) {
    public static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";
    /** Headers the client sets itself: a config may not override how requests authenticate or are framed. */
    private static final Set<String> RESERVED = Set.of("authorization", "x-api-key", "api-key", "content-type",
            "content-length", "host", "connection", "transfer-encoding", "anthropic-version");

    public ProviderConfig {
        Check.key("providers", name);
        String at = "providers." + name;
        if (kind == null) {
            throw new ConfigException(null, at + ".kind", "is required: openai, anthropic or simulated");
        }
        apiKey = apiKey == null ? Secret.none() : apiKey;
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers == null ? Map.of() : headers));
        for (String h : headers.keySet()) {
            if (!h.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new ConfigException(null, at + ".headers." + h, "is not a valid HTTP header name");
            }
            if (RESERVED.contains(h.toLowerCase(Locale.ROOT))) {
                throw new ConfigException(null, at + ".headers." + h,
                        "is set by the client itself; configure the key with api_key");
            }
        }
        connectTimeout = Check.positive(at + ".connect_timeout", connectTimeout);
        readTimeout = Check.positive(at + ".read_timeout", readTimeout);
        if (kind != ProviderKind.SIMULATED) {
            baseUrl = httpUrl(at + ".base_url", baseUrl);
        }
    }

    /** True for Azure OpenAI: an OpenAI-format provider with an {@code api-version}. */
    public boolean azure() {
        return kind == ProviderKind.OPENAI && apiVersion != null;
    }

    private static String httpUrl(String field, String url) {
        if (url == null || url.isBlank()) {
            throw new ConfigException(null, field, "is required, e.g. https://api.openai.com/v1");
        }
        URI u;
        try {
            u = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(null, field, "is not a URL: " + e.getMessage());
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
            throw new ConfigException(null, field, "must be an http:// or https:// URL with a host");
        }
        if (u.getUserInfo() != null || u.getQuery() != null) {
            throw new ConfigException(null, field, "must not carry credentials or a query; use api_key");
        }
        String s = u.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
