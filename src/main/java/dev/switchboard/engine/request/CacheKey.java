package dev.switchboard.engine.request;

import java.util.Objects;

/**
 * The exact-match cache key. Its string form, {@code model@version/namespace/sha256hex}, starts with the model
 * version, so bumping a version makes every old key unreachable and lets tiers drop a version or a namespace
 * by prefix or pattern.
 */
public record CacheKey(String model, String modelVersion, String namespace, String hash) {
    public CacheKey {
        Objects.requireNonNull(model);
        Objects.requireNonNull(modelVersion);
        Objects.requireNonNull(namespace);
        Objects.requireNonNull(hash);
    }

    /** The stable string form, used by every tier. */
    public String value() {
        return versionPrefix(model, modelVersion) + namespace + "/" + hash;
    }

    /** The common prefix of every key of one model version. */
    public static String versionPrefix(String model, String version) {
        return model + "@" + version + "/";
    }

    /** Reads a key back from {@link #value()}; an operator pastes these into the invalidation panel. */
    public static CacheKey parse(String s) {
        String text = s == null ? "" : s.trim();
        int at = text.indexOf('@');
        int slash1 = text.indexOf('/', at + 1);
        int slash2 = slash1 < 0 ? -1 : text.indexOf('/', slash1 + 1);
        if (at <= 0 || slash1 < 0 || slash2 < 0 || slash1 == at + 1 || slash2 == slash1 + 1
                || !text.substring(slash2 + 1).matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(
                    "not a cache key: expected model@version/namespace/<64 hex digits>, got '" + text + "'");
        }
        return new CacheKey(text.substring(0, at), text.substring(at + 1, slash1), text.substring(slash1 + 1, slash2),
                text.substring(slash2 + 1));
    }

    @Override
    public String toString() {
        return value();
    }
}
