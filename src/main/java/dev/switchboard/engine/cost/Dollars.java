package dev.switchboard.engine.cost;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * Money written for people, one way everywhere (the console's tiles and tables, the PDF): a {@code $} prefix,
 * thousands separators and cents ({@code $1,234.56}, {@code $0.22}), and below a cent four significant digits,
 * because a single LLM call often costs a fraction of one ({@code $0.004567}, {@code $0.000045}); zero is
 * {@code $0.00}, a negative amount {@code -$2.50}. Rounded half up; US symbols whatever the machine's locale, so a
 * report reads the same wherever it was rendered. Machine-readable output (CSV, JSON) keeps plain decimals.
 */
public final class Dollars {
    private static final BigDecimal CENT = new BigDecimal("0.01");
    private static final MathContext FOUR = new MathContext(4, RoundingMode.HALF_UP);

    private Dollars() {
    }

    /** From the ledger's exact micro-dollars: {@code 45} is {@code $0.000045}. */
    public static String ofMicros(long micros) {
        return of(Micros.toUsd(micros));
    }

    /** From dollars in a double (the snapshot's, a chart's); {@code –} for a value that is not a number. */
    public static String of(double usd) {
        if (!Double.isFinite(usd)) {
            return "–";
        }
        return of(BigDecimal.valueOf(usd));
    }

    public static String of(BigDecimal usd) {
        if (usd.signum() == 0) {
            return "$0.00";
        }
        String sign = usd.signum() < 0 ? "-" : "";
        BigDecimal abs = usd.abs();
        if (abs.compareTo(CENT) < 0) {
            BigDecimal four = abs.round(FOUR);
            // 0.0099996 rounds up to a cent: write it as one, not as "$0.01000".
            if (four.compareTo(CENT) < 0) {
                return sign + "$" + four.stripTrailingZeros().toPlainString();
            }
        }
        DecimalFormat cents = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.US));
        cents.setRoundingMode(RoundingMode.HALF_UP);
        return sign + "$" + cents.format(abs);
    }
}
