package dev.switchboard.engine.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.config.ProviderConfig;
import dev.switchboard.engine.config.Secret;
import dev.switchboard.engine.error.EngineException;
import dev.switchboard.engine.error.Echo;
import dev.switchboard.engine.error.ProviderAuthException;
import dev.switchboard.engine.error.UpstreamErrorException;
import dev.switchboard.engine.error.UpstreamRateLimitedException;
import dev.switchboard.engine.error.UpstreamRejectedException;
import dev.switchboard.engine.error.UpstreamUnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.util.Locale;

/**
 * How an upstream's failure becomes an engine error, the same for every wire format:
 * <ul>
 *   <li>429: rate limited, with the wait its headers ask for ({@link RetryAfter});</li>
 *   <li>401, 403: the provider refused its credentials (a config error: not retried, not held against the model);</li>
 *   <li>408, 409, 5xx and Anthropic's 529: a server error, retried and counted by the breaker;</li>
 *   <li>any other 4xx: the request's own fault, rejected with the upstream's own message;</li>
 *   <li>no answer at all (refused, reset, timed out): unavailable, counted by the breaker and failed over.</li>
 * </ul>
 * Messages keep at most {@value #MAX_DETAIL} characters of what the upstream said, on one line, with the provider's
 * key cut out should an upstream echo it.
 */
public final class UpstreamErrors {
    /** Characters of an upstream's error message kept: enough for any real one, bounded for a 10 MB HTML page. */
    public static final int MAX_DETAIL = 500;
    private static final ObjectMapper JSON = dev.switchboard.engine.request.Json.mapper();

    private UpstreamErrors() {
    }

    /** The error for a non-2xx response; {@code body} is what was read of it (already capped by the reader). */
    public static EngineException forStatus(ProviderConfig p, String model, int status, HttpHeaders headers,
                                            String body, Instant now) {
        // Cut the key out before anything is shortened, so no prefix of it survives a cut.
        String scrubbed = scrub(body, p.apiKey());
        String message = message(scrubbed, status);
        String detail = detail(scrubbed, status);
        if (status == 429) {
            return new UpstreamRateLimitedException(model, RetryAfter.of(headers, now));
        }
        if (status == 401 || status == 403) {
            return new ProviderAuthException(p.name(), status, message);
        }
        if (status == 408 || status == 409 || status >= 500 || status < 400) {
            return new UpstreamErrorException(model, status, status >= 300 && status < 400
                    ? "(a redirect; check base_url " + Echo.url(p.baseUrl()) + ")" : detail);
        }
        return new UpstreamRejectedException(model, status, message);
    }

    /**
     * An {@code error} object that came as a stream's first event (Anthropic's {@code event: error}, an OpenAI
     * chunk holding {@code error}): mapped as the status its type stands for, so it is retried or not as a response
     * with that status would be.
     */
    public static EngineException forErrorObject(ProviderConfig p, String model, JsonNode error, Instant now) {
        int status = statusOf(error);
        return forStatus(p, model, status, HttpHeaders.of(java.util.Map.of(), (a, b) -> true),
                JSON.createObjectNode().set("error", error).toString(), now);
    }

    /** The message of a stream's error event, for the cut it causes. */
    public static String describe(ProviderConfig p, JsonNode error) {
        return detail(scrub(JSON.createObjectNode().set("error", error).toString(), p.apiKey()), 0);
    }

    /** Anthropic's documented error types and OpenAI's {@code type}/{@code code} words, as HTTP statuses. */
    static int statusOf(JsonNode error) {
        JsonNode code = error.path("code");
        if (code.canConvertToInt() && code.asInt() >= 400 && code.asInt() < 600) {
            return code.asInt();
        }
        String type = error.path("type").asText(code.asText("")).toLowerCase(Locale.ROOT);
        return switch (type) {
            case "invalid_request_error", "invalid_request" -> 400;
            case "authentication_error", "invalid_api_key" -> 401;
            case "billing_error", "insufficient_quota" -> 402;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error", "rate_limit_exceeded", "requests", "tokens" -> 429;
            case "timeout_error" -> 504;
            case "overloaded_error" -> 529;
            default -> 500;
        };
    }

    /** The error for a call that got no response: refused, reset, timed out or interrupted. */
    public static UpstreamUnavailableException forIo(ProviderConfig p, String model, IOException e) {
        if (e instanceof InterruptedIOException && !(e instanceof HttpTimeoutException)
                || Thread.currentThread().isInterrupted()) {
            return interrupted(model);
        }
        String what;
        if (e instanceof HttpConnectTimeoutException) {
            what = "could not connect to " + Echo.url(p.baseUrl()) + " within its connect_timeout ("
                    + p.connectTimeout().toMillis() + " ms)";
        } else if (e instanceof HttpTimeoutException) {
            what = "no response from " + Echo.url(p.baseUrl()) + " within its read_timeout ("
                    + p.readTimeout().toMillis() + " ms)";
        } else if (e instanceof IdleTimeoutBody.IdleTimeoutException) {
            what = e.getMessage();
        } else if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            what = "could not connect to " + Echo.url(p.baseUrl()) + " (connection refused)";
        } else {
            what = "the connection to " + Echo.url(p.baseUrl()) + " failed: " + ioText(p, e);
        }
        return new UpstreamUnavailableException(model, "provider '" + p.name() + "': " + what);
    }

    /** What an interrupt (the time limit, a shutdown) becomes; the caller re-sets the interrupt flag. */
    public static UpstreamUnavailableException interrupted(String model) {
        return new UpstreamUnavailableException(model, "interrupted");
    }

    /** The exception's words, short and without the key: JDK messages can be null or quote a server's reply. */
    static String ioText(ProviderConfig p, IOException e) {
        String m = e.getMessage();
        String text = e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " " + m);
        return scrub(Echo.of(text, 200), p.apiKey());
    }

    /** Refused before any call: the key's environment variable is not set. */
    public static ProviderAuthException missingKey(ProviderConfig p) {
        String ref = p.apiKey().reference();
        String var = ref.startsWith("${") && ref.endsWith("}") ? ref.substring(2, ref.length() - 1) : ref;
        return new ProviderAuthException(p.name(), 401, "environment variable " + var + " is not set");
    }

    /**
     * The upstream's own words from an error body: {@code error.message} (OpenAI, Anthropic), a plain string
     * {@code error} (Ollama, some proxies), a top-level {@code message}, else the body itself.
     */
    static String message(String body, int status) {
        return Echo.of(parse(body, status)[1].strip(), MAX_DETAIL);
    }

    /** The message with the error's type in front when it has one: for server errors, where the type says most. */
    static String detail(String body, int status) {
        String[] te = parse(body, status);
        return Echo.of((te[0].isEmpty() ? "" : te[0] + ": ") + te[1].strip(), MAX_DETAIL);
    }

    /** {type, message}; the type empty when the body names none. */
    private static String[] parse(String body, int status) {
        if (body == null || body.isBlank()) {
            return new String[] {"", "(no error body, HTTP " + status + ")"};
        }
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode err = n.path("error");
            if (err.isTextual()) {
                return new String[] {"", err.asText()};
            }
            if (err.path("message").isTextual()) {
                String type = err.path("type").asText("");
                return new String[] {type, err.path("message").asText()};
            }
            if (n.path("message").isTextual()) {
                return new String[] {"", n.path("message").asText()};
            }
        } catch (IOException | RuntimeException notJson) {
            // An HTML error page from a proxy, say: quoted as it is.
        }
        return new String[] {"", body};
    }

    /** {@code text} with every occurrence of the key replaced: an upstream's echo must not carry it into a log. */
    public static String scrub(String text, Secret key) {
        String k = key == null ? null : key.reveal();
        return text == null || k == null || k.length() < 4 ? text : text.replace(k, "***");
    }
}
