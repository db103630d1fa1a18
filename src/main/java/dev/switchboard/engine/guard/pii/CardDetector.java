package dev.switchboard.engine.guard.pii;

import dev.switchboard.engine.guard.detect.Detector;
import dev.switchboard.engine.guard.detect.Finding;
import dev.switchboard.engine.guard.detect.Findings;
import java.util.List;

/**
 * Payment card numbers: 13-19 digits, optionally in groups split by single spaces or dashes, that pass the Luhn
 * check, start with an issuer (IIN) range of a card network whose lengths they have, and are grouped as cards are
 * printed (fours, or 4-6-5). A run of groups longer
 * than a card (a card then a CVV) is tried group-aligned, so the card inside it is still found.
 */
public final class CardDetector implements Detector {
    public static final String RULE = "pii.card";
    private static final int MAX_GROUPS = 12;

    @Override
    public List<Finding> find(String text) {
        if (!Chars.hasDigits(text, 13)) {
            return List.of();
        }
        List<Finding> out = null;
        int len = text.length();
        int[] groupStart = new int[MAX_GROUPS];
        int[] groupEnd = new int[MAX_GROUPS];
        int i = 0;
        while (i < len) {
            char c = text.charAt(i);
            if (!Chars.digit(c) || (i > 0 && Chars.alnum(text.charAt(i - 1)))) {
                i++;
                continue;
            }
            int groups = 0;
            int j = i;
            char sep = 0;
            while (j < len && groups < MAX_GROUPS) {
                int gs = j;
                while (j < len && Chars.digit(text.charAt(j))) {
                    j++;
                }
                groupStart[groups] = gs;
                groupEnd[groups] = j;
                groups++;
                // One consistent separator between groups, followed by a digit.
                if (j + 1 < len && (text.charAt(j) == ' ' || text.charAt(j) == '-') && Chars.digit(text.charAt(j + 1))
                        && (sep == 0 || sep == text.charAt(j))) {
                    sep = text.charAt(j);
                    j++;
                } else {
                    break;
                }
            }
            boolean endOk = (j >= len || !Chars.letter(text.charAt(j))) && !continuesCode(text, i)
                    && (i == 0 || text.charAt(i - 1) != '+') && !productCode(text, i);
            Finding f = endOk ? best(text, groupStart, groupEnd, groups) : null;
            if (f != null) {
                out = Findings.add(out, f);
                i = f.end();
            } else {
                i = groupEnd[0] + 1;
            }
        }
        return Findings.orEmpty(out);
    }

    /**
     * Groups that continue a code ("CZ98 5474 1174 ...", an IBAN that failed its checksum, or "AB12-1234-5678-...")
     * are not a card, whatever their digits.
     */
    private static boolean continuesCode(String text, int i) {
        if (i < 2 || (text.charAt(i - 1) != ' ' && text.charAt(i - 1) != '-')) {
            return false;
        }
        char sep = text.charAt(i - 1);
        int k = i - 1;
        boolean letter = false;
        boolean digit = false;
        while (k > 0 && Chars.alnum(text.charAt(k - 1))) {
            k--;
            letter |= Chars.letter(text.charAt(k));
            digit |= Chars.digit(text.charAt(k));
        }
        int n = i - 1 - k;
        boolean ibanHead = n == 4 && Character.isUpperCase(text.charAt(k)) && Character.isUpperCase(text.charAt(k + 1))
                && Chars.digit(text.charAt(k + 2)) && Chars.digit(text.charAt(k + 3));
        return ibanHead || (sep == '-' && letter && digit);
    }

    private static final String[] PRODUCT_CUES = {"ean", "barcode", "gtin", "upc", "isbn", "imei"};

    /** Barcodes and ISBNs are 13 digits too: a cue just before them says what they are. */
    private static boolean productCode(String text, int i) {
        String before = text.substring(Math.max(0, i - 20), i).toLowerCase(java.util.Locale.ROOT);
        for (String c : PRODUCT_CUES) {
            if (before.contains(c)) {
                return true;
            }
        }
        return false;
    }

    /** The first group-aligned span (the longest first from each start) that is a card number. */
    private static Finding best(String text, int[] gs, int[] ge, int groups) {
        for (int a = 0; a < groups; a++) {
            for (int b = groups - 1; b >= a; b--) {
                int digits = 0;
                for (int k = a; k <= b; k++) {
                    digits += ge[k] - gs[k];
                }
                if (digits < 13 || digits > 19) {
                    continue;
                }
                if (groupedLikeACard(gs, ge, a, b) && isCard(text, gs[a], ge[b])) {
                    return new Finding(RULE, Finding.CARD, gs[a], ge[b], 1.0);
                }
            }
        }
        return null;
    }

    /**
     * Cards are printed in fours (the last group shorter), or 4-6-5 / 4-6-4 (Amex, Diners); "398-8437673-3198355"
     * (an order number) or "49 151 5449 3972" (a phone number) is not a card however its digits add up.
     */
    private static boolean groupedLikeACard(int[] gs, int[] ge, int a, int b) {
        if (a == b) {
            return true; // no separators
        }
        int n = b - a + 1;
        if (ge[a] - gs[a] != 4) {
            return false;
        }
        if (n == 3 && ge[a + 1] - gs[a + 1] == 6 && (ge[b] - gs[b] == 5 || ge[b] - gs[b] == 4)) {
            return true;
        }
        for (int k = a; k < b; k++) {
            if (ge[k] - gs[k] != 4) {
                return false;
            }
        }
        return ge[b] - gs[b] <= 4;
    }

    static boolean isCard(String text, int from, int to) {
        char[] d = new char[19];
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (Chars.digit(c)) {
                if (n == 19) {
                    return false;
                }
                d[n++] = c;
            }
        }
        return n >= 13 && luhn(d, n) && issuer(d, n);
    }

    static boolean luhn(char[] d, int n) {
        int sum = 0;
        boolean dbl = false;
        for (int i = n - 1; i >= 0; i--) {
            int v = d[i] - '0';
            if (dbl) {
                v *= 2;
                if (v > 9) {
                    v -= 9;
                }
            }
            sum += v;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    /** Known IIN ranges and the lengths each network issues. */
    private static boolean issuer(char[] d, int n) {
        int p1 = d[0] - '0';
        int p2 = p1 * 10 + (d[1] - '0');
        int p3 = p2 * 10 + (d[2] - '0');
        int p4 = p3 * 10 + (d[3] - '0');
        int p6 = p4 * 100 + (d[4] - '0') * 10 + (d[5] - '0');
        if (p1 == 4) {
            return n == 13 || n == 16 || n == 19; // Visa
        }
        if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
            return n == 16; // Mastercard
        }
        if (p2 == 34 || p2 == 37) {
            return n == 15; // American Express
        }
        if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 || (p6 >= 622126 && p6 <= 622925)) {
            return n >= 16 && n <= 19; // Discover
        }
        if (p4 >= 3528 && p4 <= 3589) {
            return n >= 16 && n <= 19; // JCB
        }
        if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39 || p3 == 309) {
            return n >= 14 && n <= 19; // Diners Club
        }
        if (p2 == 62) {
            return n >= 16 && n <= 19; // UnionPay
        }
        if (p2 == 50 || (p2 >= 56 && p2 <= 69)) {
            return n >= 13 && n <= 19; // Maestro
        }
        return false;
    }
}
