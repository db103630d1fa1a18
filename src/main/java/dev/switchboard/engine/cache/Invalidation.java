package dev.switchboard.engine.cache;

/**
 * An invalidation as broadcast to the other instances: {@code origin|KIND|value} on the wire. {@code SEMANTIC} is
 * the one that is not: a semantic entry was stored under the key {@code value} (the others read it from L3).
 *
 * @param origin the instance that made it (it has applied it already and ignores its own echo)
 */
record Invalidation(String origin, Kind kind, String value) {
    enum Kind { KEY, VERSION, NAMESPACE, FLUSH, SEMANTIC }

    String encode() {
        return origin + "|" + kind + "|" + value;
    }

    /** @return null for a message this version does not understand (sent by a newer instance) */
    static Invalidation decode(String message) {
        String[] parts = message.split("\\|", 3);
        if (parts.length != 3) {
            return null;
        }
        try {
            return new Invalidation(parts[0], Kind.valueOf(parts[1]), parts[2]);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
