package dev.switchboard.engine.guard.pii;

import dev.switchboard.engine.guard.detect.Detector;
import dev.switchboard.engine.guard.detect.Finding;
import dev.switchboard.engine.guard.detect.Findings;
import java.util.List;

/**
 * E-mail addresses, RFC 5321-ish: a dot-atom local part (letters, digits, {@code . _ % + - '}; plus-addressing
 * included, quoted local parts not) and a domain of two or more labels ending in a letters-only TLD. Scans out from
 * each {@code @}, so a text without one costs one {@code indexOf}.
 */
public final class EmailDetector implements Detector {
    public static final String RULE = "pii.email";

    @Override
    public List<Finding> find(String text) {
        int at = text.indexOf('@');
        if (at < 0) {
            return List.of();
        }
        List<Finding> out = null;
        int from = 0;
        while (at >= 0) {
            int start = at;
            while (start > from && local(text.charAt(start - 1))) {
                start--;
            }
            // The local part may not start with a dot (nor, as written, with an apostrophe quoting it).
            while (start < at && (text.charAt(start) == '.' || text.charAt(start) == '\'')) {
                start++;
            }
            int end = at + 1;
            while (end < text.length() && domain(text.charAt(end))) {
                end++;
            }
            end = validDomainEnd(text, at + 1, end);
            if (start < at && end > 0 && validLocal(text, start, at)) {
                out = Findings.add(out, new Finding(RULE, Finding.EMAIL, start, end, 1.0));
                from = end;
            }
            at = text.indexOf('@', Math.max(at + 1, from));
        }
        return Findings.orEmpty(out);
    }

    private static boolean local(char c) {
        return Chars.alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '\'';
    }

    private static boolean domain(char c) {
        return Chars.alnum(c) || c == '.' || c == '-';
    }

    private static boolean validLocal(String text, int start, int end) {
        if (end - start > 64 || text.charAt(end - 1) == '.') {
            return false;
        }
        for (int i = start + 1; i < end; i++) {
            if (text.charAt(i) == '.' && text.charAt(i - 1) == '.') {
                return false;
            }
        }
        return true;
    }

    /** The end of the longest valid domain in [from, end), or -1: trailing dots and hyphens are punctuation. */
    private static int validDomainEnd(String text, int from, int end) {
        while (end > from && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
            end--;
        }
        if (end - from < 4 || end - from > 253) {
            return -1;
        }
        int labels = 0;
        int labelStart = from;
        for (int i = from; i <= end; i++) {
            if (i == end || text.charAt(i) == '.') {
                int len = i - labelStart;
                if (len < 1 || len > 63 || text.charAt(labelStart) == '-' || text.charAt(i - 1) == '-') {
                    return -1;
                }
                labels++;
                if (i == end) {
                    // The TLD: two or more letters.
                    if (len < 2) {
                        return -1;
                    }
                    for (int k = labelStart; k < i; k++) {
                        if (!Chars.letter(text.charAt(k))) {
                            return -1;
                        }
                    }
                }
                labelStart = i + 1;
            }
        }
        return labels >= 2 ? end : -1;
    }
}
