package dev.switchboard.engine.guard.pii;

import dev.switchboard.engine.guard.detect.Detector;
import dev.switchboard.engine.guard.detect.Finding;
import dev.switchboard.engine.guard.detect.Findings;
import java.util.List;

/**
 * IP addresses: IPv4 in dotted quads (each octet 0-255, no leading zeros, not part of a longer dotted run such as a
 * four-part version) and IPv6 in full, compressed ({@code ::}) and IPv4-suffixed forms. Candidates are validated by
 * a parser written to RFC 4291 section 2.2 (the JDK's {@code InetAddress.ofLiteral} is Java 22+).
 */
public final class IpDetector implements Detector {
    public static final String RULE = "pii.ip";

    @Override
    public List<Finding> find(String text) {
        boolean hasColon = text.indexOf(':') >= 0;
        boolean dot = text.indexOf('.') >= 0;
        if (!hasColon && !dot) {
            return List.of();
        }
        List<Finding> out = null;
        int len = text.length();
        int i = 0;
        while (i < len) {
            char c = text.charAt(i);
            if (!(Chars.hex(c) || c == ':') || (i > 0 && before(text.charAt(i - 1)))) {
                i = skipWord(text, i);
                continue;
            }
            int j = i;
            while (j < len && (Chars.hex(text.charAt(j)) || text.charAt(j) == ':' || text.charAt(j) == '.')) {
                j++;
            }
            int end = j;
            // Sentence punctuation after an address is not part of it.
            while (end > i && (text.charAt(end - 1) == '.' || (text.charAt(end - 1) == ':'
                    && !(end - 2 >= i && text.charAt(end - 2) == ':')))) {
                end--;
            }
            boolean boundary = j >= len || !(Chars.alnum(text.charAt(j)) || text.charAt(j) == '_');
            int dots = 0;
            int colons = 0;
            int colon = -1;
            for (int k = i; k < end; k++) {
                char ch = text.charAt(k);
                if (ch == '.') {
                    dots++;
                } else if (ch == ':') {
                    colons++;
                    colon = k;
                }
            }
            // An IPv4 address with a port: "10.0.0.5:8080".
            if (boundary && colons == 1 && dots == 3 && ipv4(text, i, colon) && port(text, colon + 1, end)) {
                end = colon;
                colons = 0;
            }
            if (boundary && end > i && ((dots == 3 && colons == 0 && ipv4(text, i, end))
                    || (colons >= 2 && ipv6(text, i, end)))) {
                out = Findings.add(out, new Finding(RULE, Finding.IP, i, end, 1.0));
            }
            i = Math.max(j, i + 1);
        }
        return Findings.orEmpty(out);
    }

    private static boolean before(char c) {
        return Chars.alnum(c) || c == '_' || c == '.' || c == ':' || c == '-';
    }

    private static int skipWord(String text, int i) {
        if (!Chars.alnum(text.charAt(i))) {
            return i + 1;
        }
        int j = i + 1;
        while (j < text.length() && (Chars.alnum(text.charAt(j)) || text.charAt(j) == '_')) {
            j++;
        }
        return j;
    }

    private static boolean port(String text, int from, int to) {
        if (to - from < 1 || to - from > 5) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!Chars.digit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean ipv4(CharSequence s, int from, int to) {
        int parts = 0;
        int i = from;
        while (true) {
            int start = i;
            int v = 0;
            while (i < to && Chars.digit(s.charAt(i)) && i - start < 4) {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            int n = i - start;
            if (n == 0 || n > 3 || v > 255 || (n > 1 && s.charAt(start) == '0')) {
                return false;
            }
            parts++;
            if (i == to) {
                return parts == 4;
            }
            if (s.charAt(i) != '.' || parts == 4) {
                return false;
            }
            i++;
        }
    }

    static boolean ipv6(CharSequence s, int from, int to) {
        int len = to - from;
        if (len < 2 || len > 45) {
            return false;
        }
        int groups = 0;
        boolean compressed = false;
        int i = from;
        if (s.charAt(i) == ':') {
            if (s.charAt(i + 1) != ':') {
                return false;
            }
            compressed = true;
            i += 2;
            if (i == to) {
                return true; // "::", the unspecified address
            }
        }
        while (i < to) {
            int start = i;
            while (i < to && Chars.hex(s.charAt(i)) && i - start <= 4) {
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                // An IPv4 tail counts as two groups and ends the address.
                return ipv4(s, start, to) && (compressed ? groups + 2 < 8 : groups + 2 == 8);
            }
            int n = i - start;
            if (n == 0 || n > 4) {
                return false;
            }
            groups++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < to && s.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
                if (i == to) {
                    break;
                }
            } else if (i == to) {
                return false;
            }
        }
        // At least two colons: "12:30" or "ab:cd" is a time or a ratio, not an address.
        return compressed ? groups < 8 && groups >= 1 : groups == 8;
    }
}
