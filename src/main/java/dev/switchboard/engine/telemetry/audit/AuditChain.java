package dev.switchboard.engine.telemetry.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The chain's hash: SHA-256 (hex) over the previous record's hash and this record's id, time, kind, actor, subject
 * and detail. Each field goes in with its length in front, so no two different records hash the same text
 * ("ab","c" vs "a","bc"). The first record's previous hash is {@link #GENESIS}; after a purge, the anchor's.
 */
public final class AuditChain {
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    public static String hash(String prevHash, long id, long atMillis, String kind, String actor, String subject,
                              String detail) {
        StringBuilder sb = new StringBuilder(96 + detail.length());
        field(sb, prevHash);
        field(sb, Long.toString(id));
        field(sb, Long.toString(atMillis));
        field(sb, kind);
        field(sb, actor);
        field(sb, subject);
        field(sb, detail);
        return HexFormat.of().formatHex(sha256().digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static void field(StringBuilder sb, String v) {
        sb.append(v.length()).append(':').append(v).append(';');
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
