package dev.switchboard.gateway.keys;

/**
 * A key just created, with its secret: the only time the secret exists outside the caller's hands. Show it once,
 * then drop it; it cannot be recovered (only its SHA-256 is stored). {@link #toString} shows the prefix only.
 */
public record CreatedKey(GatewayKey key, String secret) {
    @Override
    public String toString() {
        return "CreatedKey[key=" + key + ", secret=" + key.prefix() + "…(hidden)]";
    }
}
