package dev.switchboard.gateway.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Key secrets: {@code sb-} and 40 URL-safe characters (240 random bits from {@link SecureRandom}), stored as their
 * SHA-256 in hex. A plain fast hash is enough here, unlike for passwords: a secret has 240 bits of entropy, so there
 * is no dictionary to try and no brute force within reach however fast each guess is; a slow hash (bcrypt,
 * PBKDF2) would only put milliseconds on the gateway's hot path. And since lookups go by the hash, comparing
 * hashes needs no constant-time care: learning how a guess's hash compares tells nothing about a secret.
 */
final class Secrets {
    static final String SCHEME = "sb-";
    /** 30 random bytes are 40 characters of URL-safe Base64, no padding. */
    private static final int RANDOM_BYTES = 30;
    static final int LENGTH = SCHEME.length() + 40;
    /** The display prefix: the scheme and 7 characters, enough to tell keys apart, useless to guess the rest. */
    static final int PREFIX_LENGTH = 10;
    private static final Pattern FORM = Pattern.compile("sb-[A-Za-z0-9_-]{40}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private Secrets() {
    }

    static String generate() {
        byte[] b = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(b);
        return SCHEME + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A random id: {@code gk_} and 12 hex digits. */
    static String newId() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return "gk_" + HEX.formatHex(b);
    }

    /** True when {@code s} has a secret's form; anything else is refused without a lookup. */
    static boolean wellFormed(String s) {
        return s != null && s.length() == LENGTH && FORM.matcher(s).matches();
    }

    static String prefix(String secret) {
        return secret.substring(0, PREFIX_LENGTH);
    }

    static String sha256(String secret) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
