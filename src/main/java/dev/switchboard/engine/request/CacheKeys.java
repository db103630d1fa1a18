package dev.switchboard.engine.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Computes {@link CacheKey}s: SHA-256 over a canonical form of everything that changes the answer.
 *
 * <p>The canonical form writes each field as a tag, a length and its UTF-8 bytes, in a fixed order, so no two
 * different requests share a form (no delimiter can be forged by content). JSON values (tools, response
 * format) are written with object keys sorted, so the order a client sent the fields in does not matter;
 * list order (messages, stop sequences, tools) does, because it can change the answer.
 */
public final class CacheKeys {
    private static final MessageDigest PROTOTYPE;
    private static final HexFormat HEX = HexFormat.of();

    static {
        try {
            PROTOTYPE = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private CacheKeys() {
    }

    public static CacheKey of(ChatRequest r, String modelVersion) {
        return new CacheKey(r.model(), modelVersion, r.namespace(), HEX.formatHex(digest(r, modelVersion, false)));
    }

    /**
     * The semantic cache's partition of a request: its key with the wording of the last message left out, so two
     * requests share a partition exactly when everything but that wording is the same (namespace, model and version,
     * system prompt, earlier turns, temperature and every other answer-changing field). Its string form starts as a
     * key's does ({@code model@version/namespace/}), so invalidating a version or a namespace reaches it by prefix.
     */
    public static String partition(ChatRequest r, String modelVersion) {
        return CacheKey.versionPrefix(r.model(), modelVersion) + r.namespace() + "/"
                + HEX.formatHex(digest(r, modelVersion, true));
    }

    private static byte[] digest(ChatRequest r, String modelVersion, boolean withoutLastWording) {
        MessageDigest d = newDigest();
        if (withoutLastWording) {
            // A partition never equals a key: its form starts with a tag no key's form has.
            d.update((byte) 'Q');
        }
        put(d, 'N', r.namespace());
        put(d, 'M', r.model());
        put(d, 'V', modelVersion);
        put(d, 'S', r.system());
        putInt(d, 'n', r.messages().size());
        int last = r.messages().size() - 1;
        for (int i = 0; i <= last; i++) {
            Message m = r.messages().get(i);
            put(d, 'r', m.role());
            put(d, 'c', withoutLastWording && i == last ? "" : m.content());
            // Tool use and content parts: written only when present, so a plain message keys as it always did.
            if (m.name() != null) {
                put(d, 'a', m.name());
            }
            if (m.toolCallId() != null) {
                put(d, 'i', m.toolCallId());
            }
            if (!m.toolCalls().isEmpty()) {
                putInt(d, 'k', m.toolCalls().size());
                for (ToolCall t : m.toolCalls()) {
                    put(d, 'j', t.id());
                    put(d, 'f', t.name());
                    put(d, 'g', t.arguments());
                }
            }
            if (m.parts() != null) {
                put(d, 'p', canonicalJson(m.parts()));
            }
        }
        put(d, 'T', number(r.temperature()));
        put(d, 'X', r.maxTokens() == null ? null : r.maxTokens().toString());
        put(d, 'P', number(r.topP()));
        putInt(d, 's', r.stop().size());
        for (String s : r.stop()) {
            put(d, 'x', s);
        }
        put(d, 'L', canonicalJson(r.tools()));
        put(d, 'F', canonicalJson(r.responseFormat()));
        // Added with real providers; absent fields add nothing, so keys of plain requests did not change.
        if (r.n() != null) {
            putInt(d, 'C', r.n());
        }
        if (r.seed() != null) {
            put(d, 'D', r.seed().toString());
        }
        if (r.toolChoice() != null) {
            put(d, 'H', canonicalJson(r.toolChoice()));
        }
        if (r.extra() != null) {
            put(d, 'E', canonicalJson(r.extra()));
        }
        return d.digest();
    }

    private static MessageDigest newDigest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    /** 0.7 and 0.70 are the same temperature; -0.0 is 0.0. */
    private static String number(Double v) {
        if (v == null) {
            return null;
        }
        return Double.toString(v == 0.0 ? 0.0 : v);
    }

    private static void put(MessageDigest d, char tag, String value) {
        d.update((byte) tag);
        if (value == null) {
            // Distinct from the empty string, which has length 0.
            d.update((byte) 0xFF);
            return;
        }
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        d.update((byte) 0);
        updateInt(d, b.length);
        d.update(b);
    }

    private static void putInt(MessageDigest d, char tag, int value) {
        d.update((byte) tag);
        updateInt(d, value);
    }

    private static void updateInt(MessageDigest d, int v) {
        d.update((byte) (v >>> 24));
        d.update((byte) (v >>> 16));
        d.update((byte) (v >>> 8));
        d.update((byte) v);
    }

    /** JSON with object keys sorted at every depth; null for a missing value. */
    static String canonicalJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        writeCanonical(node, sb);
        return sb.toString();
    }

    private static void writeCanonical(JsonNode node, StringBuilder sb) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                fields.add(it.next());
            }
            fields.sort(Map.Entry.comparingByKey());
            sb.append('{');
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(quote(fields.get(i).getKey())).append(':');
                writeCanonical(fields.get(i).getValue(), sb);
            }
            sb.append('}');
        } else if (node.isArray()) {
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                writeCanonical(node.get(i), sb);
            }
            sb.append(']');
        } else {
            // Scalars: JsonNode.toString() is already valid, stable JSON.
            sb.append(node.toString());
        }
    }

    private static String quote(String s) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
    }
}
