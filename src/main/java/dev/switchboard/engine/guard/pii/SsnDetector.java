package dev.switchboard.engine.guard.pii;

import dev.switchboard.engine.guard.detect.Detector;
import dev.switchboard.engine.guard.detect.Finding;
import dev.switchboard.engine.guard.detect.Findings;
import java.util.List;
import java.util.Locale;

/**
 * US Social Security numbers: {@code AAA-GG-SSSS} or {@code AAA GG SSSS}, never area 000, 666 or 9xx, group 00 or
 * serial 0000 (never issued). A bare run of nine digits is one only with a cue ("SSN", "social security") shortly
 * before it: alone it is more often an order or account number.
 */
public final class SsnDetector implements Detector {
    public static final String RULE = "pii.ssn";
    private static final int CUE_WINDOW = 40;
    private static final String[] CUES = {"ssn", "social security", "ss#", "ss no", "soc sec"};

    @Override
    public List<Finding> find(String text) {
        if (!Chars.hasDigits(text, 9)) {
            return List.of();
        }
        List<Finding> out = null;
        int len = text.length();
        for (int i = 0; i + 9 <= len; i++) {
            if (!Chars.digit(text.charAt(i)) || (i > 0 && (Chars.alnum(text.charAt(i - 1)) || joined(text, i - 1)))) {
                continue;
            }
            int end = formatted(text, i);
            double score = 1.0;
            if (end < 0) {
                end = bare(text, i);
                score = 0.9;
            }
            if (end > 0 && (end >= len || (!Chars.alnum(text.charAt(end)) && !joined(text, end)))
                    && valid(text, i, end)) {
                out = Findings.add(out, new Finding(RULE, Finding.SSN, i, end, score));
                i = end;
            }
        }
        return Findings.orEmpty(out);
    }

    /** A dash or dot followed by a digit continues a longer number (a phone, a date). */
    private static boolean joined(String text, int i) {
        char c = text.charAt(i);
        if (c != '-' && c != '.' && c != '/') {
            return false;
        }
        return (i + 1 < text.length() && Chars.digit(text.charAt(i + 1)) && i > 0 && Chars.digit(text.charAt(i - 1)));
    }

    private static int formatted(String text, int i) {
        if (i + 11 > text.length()) {
            return -1;
        }
        char sep = text.charAt(i + 3);
        if ((sep != '-' && sep != ' ') || text.charAt(i + 6) != sep) {
            return -1;
        }
        for (int k : new int[] {0, 1, 2, 4, 5, 7, 8, 9, 10}) {
            if (!Chars.digit(text.charAt(i + k))) {
                return -1;
            }
        }
        return i + 11;
    }

    private int bare(String text, int i) {
        for (int k = 0; k < 9; k++) {
            if (!Chars.digit(text.charAt(i + k))) {
                return -1;
            }
        }
        if (i + 9 < text.length() && Chars.digit(text.charAt(i + 9))) {
            return -1;
        }
        String before = text.substring(Math.max(0, i - CUE_WINDOW), i).toLowerCase(Locale.ROOT);
        for (String cue : CUES) {
            if (before.contains(cue)) {
                return i + 9;
            }
        }
        return -1;
    }

    private static boolean valid(String text, int from, int to) {
        int[] d = new int[9];
        int n = 0;
        for (int i = from; i < to; i++) {
            if (Chars.digit(text.charAt(i))) {
                d[n++] = text.charAt(i) - '0';
            }
        }
        int area = d[0] * 100 + d[1] * 10 + d[2];
        int group = d[3] * 10 + d[4];
        int serial = d[5] * 1000 + d[6] * 100 + d[7] * 10 + d[8];
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
    }
}
