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
    /** E.164 allows 15 digits; a written "(0)" adds one. */
    private static final int MAX_INTERNATIONAL = 16;
    // libphonenumber looks at the characters around a candidate (a letter before, a time after): give it a few.
    private static final int CONTEXT_BEFORE = 2;
    private static final int CONTEXT_AFTER = 8;

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
    private final int nationalMin;
    private final int nationalMax;

    /** @param region the ISO 3166 region national numbers are read in, e.g. {@code US}, {@code GB} */
    public PhoneDetector(String region) {
        String r = region == null ? "" : region.strip().toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(r)) {
            throw new IllegalArgumentException("phone_region: unknown region '" + region
                    + "'; use an ISO 3166 code such as US, GB, DE, FR, IN, BR, JP");
        }
        this.region = r;
        // How many digits a national number of the region has, from its example numbers (the metadata's length
        // tables are not public): North America's are ten, plus a "1" trunk prefix; elsewhere lengths vary (German
        // numbers have 6 to 11 digits after the 0), so a margin either side.
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (PhoneNumberUtil.PhoneNumberType t : List.of(PhoneNumberUtil.PhoneNumberType.FIXED_LINE,
                PhoneNumberUtil.PhoneNumberType.MOBILE, PhoneNumberUtil.PhoneNumberType.TOLL_FREE)) {
            var example = UTIL.getExampleNumberForType(r, t);
            if (example != null) {
                int n = UTIL.getNationalSignificantNumber(example).length();
                min = Math.min(min, n);
                max = Math.max(max, n);
            }
        }
        if (UTIL.getCountryCodeForRegion(r) == 1) {
            this.nationalMin = 10;
            this.nationalMax = 11;
        } else {
            this.nationalMin = max == 0 ? MIN_DIGITS : Math.max(MIN_DIGITS, min - 3);
            this.nationalMax = max == 0 ? MAX_INTERNATIONAL : max + 2;
        }
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
        int prevEnd = 0;
        while (i < len) {
            char c = text.charAt(i);
            if (!Chars.digit(c) && c != '+' && c != '(') {
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
            if (i == s) {
                i++;
                continue;
            }
            boolean plus = text.indexOf('+', s) >= 0 && text.indexOf('+', s) < lastDigit;
            // Only a run whose digit count a number can have (in the region, or in E.164) is worth libphonenumber's
            // time: "ORD-20241621" or "78044.80" in a table are not, and a table has hundreds of them.
            boolean plausible = plus ? digits >= MIN_DIGITS && digits <= MAX_INTERNATIONAL
                    : digits >= nationalMin && digits <= nationalMax;
            boolean longRun = digits > (plus ? MAX_INTERNATIONAL : nationalMax);
            if ((plausible || longRun) && !gluedToIdentifier(text, firstDigitOrPlus(text, s, lastDigit))
                    && !inside(claimed, s, lastDigit + 1)) {
                int ws = Math.max(prevEnd, s - CONTEXT_BEFORE);
                int we = Math.min(len, lastDigit + 1 + CONTEXT_AFTER);
                out = longRun ? scanLong(text, ws, we, out) : scanWindow(text, ws, we, out);
            }
            prevEnd = lastDigit + 1;
        }
        return Findings.orEmpty(out);
    }

    private static int firstDigitOrPlus(String text, int s, int lastDigit) {
        int k = s;
        while (k < lastDigit && !Chars.digit(text.charAt(k)) && text.charAt(k) != '+') {
            k++;
        }
        return k;
    }

    /**
     * libphonenumber reads one greedy candidate: "+44 7939 537455 2024-05-02" fails as a whole. A run longer than any
     * number is retried cut at its last few spaces between digits.
     */
    private List<Finding> scanLong(String text, int from, int to, List<Finding> out) {
        int had = out == null ? 0 : out.size();
        out = scanWindow(text, from, to, out);
        int tries = 0;
        for (int cut = to - 2; cut > from && tries < 4 && (out == null ? 0 : out.size()) == had; cut--) {
            if (text.charAt(cut) == ' ' && Chars.digit(text.charAt(cut - 1)) && Chars.digit(text.charAt(cut + 1))) {
                tries++;
                out = scanWindow(text, from, cut, out);
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
