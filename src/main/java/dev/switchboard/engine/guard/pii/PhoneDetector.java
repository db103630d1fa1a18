package dev.switchboard.engine.guard.pii;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.switchboard.engine.guard.detect.Detector;
import dev.switchboard.engine.guard.detect.Finding;
import dev.switchboard.engine.guard.detect.Findings;
import java.util.List;
import java.util.Locale;

/**
 * Phone numbers, found and validated by libphonenumber ({@code findNumbers}, leniency VALID: the number must be
 * valid in its region's numbering plan). National numbers are read in the default region, and must also be grouped
 * as that region groups them (libphonenumber's STRICT_GROUPING), since a bare VALID match takes many dotted or
 * hyphenated ids for numbers; {@code +CC} numbers are taken in any region at VALID. libphonenumber is the expensive part of the input guards, so it only sees windows around runs of 7 or more
 * digits (with the separators phone numbers are written with), never a whole text without one.
 */
public final class PhoneDetector implements Detector {
    public static final String RULE = "pii.phone";
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final int MIN_DIGITS = 7;
    // libphonenumber looks at the characters around a candidate (letters, a following time): give it some.
    private static final int CONTEXT = 12;

    /** Valid, but in running text more often a build or ticket number than a phone ("build 3104208"). */
    private static final java.util.Set<PhoneNumberUtil.PhoneNumberType> UNLIKELY = java.util.EnumSet.of(
            PhoneNumberUtil.PhoneNumberType.UAN, PhoneNumberUtil.PhoneNumberType.VOICEMAIL);
    // libphonenumber logs a warning per region without alternate formats; quiet, kept so it stays configured.
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger(
            "com.google.i18n.phonenumbers.metadata.init.ClassPathResourceMetadataLoader");

    static {
        QUIET.setLevel(java.util.logging.Level.SEVERE);
    }

    private final String region;

    /** @param region the ISO 3166 region national numbers are read in, e.g. {@code US}, {@code GB} */
    public PhoneDetector(String region) {
        String r = region == null ? "" : region.strip().toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(r)) {
            throw new IllegalArgumentException("phone_region: unknown region '" + region
                    + "'; use an ISO 3166 code such as US, GB, DE, FR, IN, BR, JP");
        }
        this.region = r;
    }

    public String region() {
        return region;
    }

    @Override
    public List<Finding> find(String text) {
        return find(text, List.of());
    }

    /**
     * As {@link #find(String)}, skipping digit runs that lie inside {@code claimed} (a card, an IBAN or an IP address
     * already found): libphonenumber is the costly call, and they would lose the overlap anyway.
     */
    public List<Finding> find(String text, List<Finding> claimed) {
        if (!Chars.hasDigits(text, MIN_DIGITS)) {
            return List.of();
        }
        List<Finding> out = null;
        int len = text.length();
        int i = 0;
        int windowStart = -1;
        int windowEnd = -1;
        while (i < len) {
            if (!Chars.digit(text.charAt(i)) && text.charAt(i) != '+' && text.charAt(i) != '(') {
                i++;
                continue;
            }
            int s = i;
            int digits = 0;
            int lastDigit = i;
            int gap = 0;
            // Up to two separators in a row (") " in "(212) 555"); more end the number.
            while (i < len && numberish(text.charAt(i)) && gap <= 2) {
                if (Chars.digit(text.charAt(i))) {
                    digits++;
                    lastDigit = i;
                    gap = 0;
                } else {
                    gap++;
                }
                i++;
            }
            if (digits >= MIN_DIGITS && !inside(claimed, s, lastDigit + 1)) {
                int ws = Math.max(0, s - CONTEXT);
                int we = Math.min(len, lastDigit + 1 + CONTEXT);
                if (windowStart >= 0 && ws <= windowEnd) {
                    windowEnd = we;
                } else {
                    out = scan(text, windowStart, windowEnd, out);
                    windowStart = ws;
                    windowEnd = we;
                }
            }
            if (i == s) {
                i++;
            }
        }
        out = scan(text, windowStart, windowEnd, out);
        return Findings.orEmpty(out);
    }

    private List<Finding> scan(String text, int from, int to, List<Finding> out) {
        if (from < 0) {
            return out;
        }
        int had = out == null ? 0 : out.size();
        out = scanWindow(text, from, to, out);
        if ((out == null ? 0 : out.size()) > had) {
            return out;
        }
        // libphonenumber reads one greedy candidate: "+44 7939 537455 2024-05-02" fails as a whole. Retry with the
        // window cut at the last few spaces between digits.
        int tries = 0;
        for (int cut = to - 2; cut > from && tries < 4; cut--) {
            if (text.charAt(cut) == ' ' && Chars.digit(text.charAt(cut - 1)) && Chars.digit(text.charAt(cut + 1))) {
                tries++;
                out = scanWindow(text, from, cut, out);
                if ((out == null ? 0 : out.size()) > had) {
                    return out;
                }
            }
        }
        return out;
    }

    private List<Finding> scanWindow(String text, int from, int to, List<Finding> out) {
        CharSequence window = text.subSequence(from, to);
        for (PhoneNumberMatch m : UTIL.findNumbers(window, region, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
            int s = from + m.start();
            int e = from + m.end();
            // A match cut by the window's edge is seen again in full from the next window, or not at all.
            if ((m.start() == 0 && from > 0) || (m.end() == window.length() && to < text.length()
                    && Chars.digit(text.charAt(to)))) {
                continue;
            }
            // libphonenumber may take an opening bracket into the match ("[+49 151 ..."): not part of the number.
            while (s < e && (("0123456789+(".indexOf(text.charAt(s)) < 0)
                    || (text.charAt(s) == '(' && s + 1 < e && text.charAt(s + 1) == '+'))) {
                s++;
            }
            String raw = text.substring(s, e);
            if (raw.isEmpty() || gluedToIdentifier(text, s) || UNLIKELY.contains(UTIL.getNumberType(m.number()))
                    || (raw.charAt(0) != '+' && !groupedAsWritten(raw))) {
                continue;
            }
            out = Findings.add(out, new Finding(RULE, Finding.PHONE, s, e, 1.0));
        }
        return out;
    }

    private static boolean inside(List<Finding> claimed, int s, int e) {
        for (Finding f : claimed) {
            if (f.start() <= s && e <= f.end()) {
                return true;
            }
        }
        return false;
    }

    /** "INV-2024-567288", "#2024567288": digits hyphenated onto a code or after a number sign are an id. */
    private static boolean gluedToIdentifier(String text, int s) {
        if (s == 0) {
            return false;
        }
        char b = text.charAt(s - 1);
        return b == '#' || b == '_' || (b == '-' && s >= 2 && Chars.alnum(text.charAt(s - 2)))
                || (b == '/' && s >= 2 && Chars.alnum(text.charAt(s - 2)));
    }

    /**
     * A national number (no {@code +}) written in groups must be grouped as its region writes it: VALID alone takes
     * "929.88.22.114" or "2024-567288" for New York numbers. libphonenumber's own STRICT_GROUPING decides.
     */
    private boolean groupedAsWritten(String raw) {
        for (PhoneNumberMatch m : UTIL.findNumbers(raw, region, PhoneNumberUtil.Leniency.STRICT_GROUPING, 1)) {
            return m.start() == 0 && m.end() == raw.length();
        }
        return false;
    }

    private static boolean numberish(char c) {
        return Chars.digit(c) || c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || c == '+'
                || c == '\u00a0';
    }
}
