package dev.switchboard.gateway;

import dev.switchboard.gateway.http.Exchange;
import dev.switchboard.gateway.keys.GatewayKey;
import dev.switchboard.gateway.keys.KeyStore;
import java.util.Optional;

/**
 * Who is asking. With keys required: the key in {@code Authorization: Bearer sb-...} (OpenAI's SDKs) or
 * {@code x-api-key: sb-...} (Anthropic's), whose owner is the user and whose plan the plan; a caller's
 * {@code x-switchboard-user} is ignored. With keys off: nobody is checked, and the user is
 * {@code x-switchboard-user} when sent. The secret is never logged, kept or put in a message.
 */
final class Callers {
    static final String USER_HEADER = "x-switchboard-user";

    /** @param key null when keys are off */
    record Caller(GatewayKey key, String user, String plan) {
        boolean mayUse(String model) {
            return key == null || key.mayUse(model);
        }
    }

    private final KeyStore keys;

    /** @param keys null when keys are off */
    Callers(KeyStore keys) {
        this.keys = keys;
    }

    boolean keysRequired() {
        return keys != null;
    }

    /**
     * @throws Refusal 401 when keys are required and none, or no live one, was presented
     * @throws dev.switchboard.gateway.keys.KeyStoreUnavailableException when the key database does not answer
     */
    Caller identify(Exchange ex) {
        if (keys == null) {
            return new Caller(null, ex.header(USER_HEADER), null);
        }
        String secret = presented(ex);
        if (secret == null) {
            throw new Refusal(Failure.Kind.UNAUTHENTICATED, "no gateway key: send it as 'Authorization: Bearer "
                    + "sb-...' or 'x-api-key: sb-...'");
        }
        Optional<GatewayKey> key = keys.authenticate(secret);
        if (key.isEmpty()) {
            throw new Refusal(Failure.Kind.UNAUTHENTICATED, "the gateway key is not valid: unknown or revoked; "
                    + "ask the operator for a key (switchboard keys create)");
        }
        GatewayKey k = key.get();
        return new Caller(k, k.owner(), k.plan());
    }

    /** The presented secret: the bearer token, else {@code x-api-key}; null when neither was sent. */
    private static String presented(Exchange ex) {
        String auth = ex.header("authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = auth.substring(7).strip();
            if (!token.isEmpty()) {
                return token;
            }
        }
        String apiKey = ex.header("x-api-key");
        return apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    }
}
