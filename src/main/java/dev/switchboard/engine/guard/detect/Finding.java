package dev.switchboard.engine.guard.detect;

/**
 * One match of a detector: which rule, what kind of thing, where (character offsets into the scanned text) and how
 * sure. It never holds the matched text, so a finding can be logged, counted and shown as it is.
 *
 * @param rule  e.g. {@code pii.email}, {@code secret.prefix}, {@code injection.ignore_instructions}
 * @param type  one of {@link #TYPES}
 * @param start the first character of the match
 * @param end   one past the last character
 * @param score how sure, in [0, 1]; 1 for a checksum or an exact pattern
 */
public record Finding(String rule, String type, int start, int end, double score) {
    public static final String EMAIL = "email";
    public static final String PHONE = "phone";
    public static final String CARD = "card";
    public static final String IBAN = "iban";
    public static final String SSN = "ssn";
    public static final String IP = "ip";
    public static final String SECRET = "secret";
    public static final String INJECTION = "injection";
    public static final String BLOCKLIST = "blocklist";

    /** Every type, in the order the guards report them. */
    public static final java.util.List<String> TYPES = java.util.List.of(EMAIL, PHONE, CARD, IBAN, SSN, IP, SECRET,
            INJECTION, BLOCKLIST);

    public Finding {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("offsets: must satisfy 0 <= start <= end, got " + start + "-" + end);
        }
    }

    public int length() {
        return end - start;
    }

    public boolean overlaps(Finding o) {
        return start < o.end && o.start < end;
    }
}
