package dev.switchboard.engine.guard.pii;

/** Character tests the PII scanners share; ASCII only, as the formats they look for are. */
final class Chars {
    private Chars() {
    }

    static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean letter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean alnum(char c) {
        return digit(c) || letter(c);
    }

    static boolean hex(char c) {
        return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** True when {@code text} has at least {@code n} ASCII digits: the cheap test before any number scanner. */
    static boolean hasDigits(String text, int n) {
        int seen = 0;
        for (int i = 0, len = text.length(); i < len; i++) {
            if (digit(text.charAt(i)) && ++seen >= n) {
                return true;
            }
        }
        return false;
    }

    /** Whether the character at {@code i} is absent or not a letter or digit (a word boundary). */
    static boolean boundary(String text, int i) {
        return i < 0 || i >= text.length() || !alnum(text.charAt(i));
    }
}
