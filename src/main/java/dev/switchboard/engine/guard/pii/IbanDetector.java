package dev.switchboard.engine.guard.pii;

import dev.switchboard.engine.guard.detect.Detector;
import dev.switchboard.engine.guard.detect.Finding;
import dev.switchboard.engine.guard.detect.Findings;
import java.util.List;
import java.util.Locale;
import org.iban4j.CountryCode;
import org.iban4j.IbanUtil;

/**
 * IBANs, electronic ({@code DE89370400440532013000}) or printed in groups ({@code DE89 3704 0044 0532 0130 00}).
 * A candidate starts with a country code and two check digits; it takes as many characters as that country's IBAN
 * has, and iban4j checks the length, the country's BBAN format and the ISO 13616 mod-97 checksum.
 */
public final class IbanDetector implements Detector {
    public static final String RULE = "pii.iban";
    private static final int MAX_LENGTH = 34;

    @Override
    public List<Finding> find(String text) {
        List<Finding> out = null;
        int len = text.length();
        for (int i = 0; i + 15 <= len; i++) {
            if (!upper(text.charAt(i)) || !upper(text.charAt(i + 1)) || !Chars.digit(text.charAt(i + 2))
                    || !Chars.digit(text.charAt(i + 3)) || (i > 0 && Chars.alnum(text.charAt(i - 1)))) {
                continue;
            }
            CountryCode cc = CountryCode.getByCode(text.substring(i, i + 2));
            if (cc == null || !IbanUtil.isSupportedCountry(cc)) {
                continue;
            }
            int want = IbanUtil.getIbanLength(cc);
            StringBuilder sb = new StringBuilder(MAX_LENGTH);
            int j = i;
            while (j < len && sb.length() < want) {
                char c = text.charAt(j);
                if (Chars.alnum(c)) {
                    sb.append(c);
                    j++;
                } else if (c == ' ' && sb.length() >= 4 && j + 1 < len && Chars.alnum(text.charAt(j + 1))) {
                    j++;
                } else {
                    break;
                }
            }
            if (sb.length() != want || (j < len && Chars.alnum(text.charAt(j)))) {
                continue;
            }
            if (IbanUtil.isValid(sb.toString().toUpperCase(Locale.ROOT))) {
                out = Findings.add(out, new Finding(RULE, Finding.IBAN, i, j, 1.0));
                i = j - 1;
            }
        }
        return Findings.orEmpty(out);
    }

    private static boolean upper(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
