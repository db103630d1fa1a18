package dev.switchboard.engine.config;

import java.time.Duration;

/**
 * The HTTP gateway ({@code switchboard serve}, or the console's Gateway switch): section {@code gateway:}.
 *
 * @param requireKeys whether every request must present a gateway key; null (not set) decides by the address the
 *                    server binds: off on a loopback address (127.0.0.1, ::1, localhost), on anywhere else, so a
 *                    gateway reachable from the network never answers anyone without a key unless told to
 * @param maxBody     the largest request body taken, in bytes; a larger one is refused with 413
 * @param grace       how long a stopping gateway lets requests in flight (streams included) finish
 */
public record GatewayConfig(Boolean requireKeys, long maxBody, Duration grace) {
    public static final long DEFAULT_MAX_BODY = 4L << 20;
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    /** Larger bodies than this are no chat request: the aggregator would hold them whole in memory. */
    public static final long MAX_MAX_BODY = 1L << 30;
    public static final GatewayConfig DEFAULTS = new GatewayConfig(null, DEFAULT_MAX_BODY, DEFAULT_GRACE);

    public GatewayConfig {
        if (maxBody < 1 || maxBody > MAX_MAX_BODY) {
            throw new ConfigException(null, "gateway.max_body", "must be between 1 byte and 1GB, got " + maxBody);
        }
        Check.positive("gateway.grace", grace);
    }

    /** Whether keys are required when serving on {@code host}: the config's value, else off only on loopback. */
    public boolean requireKeys(String host) {
        return requireKeys != null ? requireKeys : !isLoopback(host);
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equalsIgnoreCase("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.startsWith("127.");
    }
}
