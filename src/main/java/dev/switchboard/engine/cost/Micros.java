package dev.switchboard.engine.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money in the ledger: whole micro-dollars (USD 1e-6) in a {@code long}, so sums are exact whatever their order;
 * {@link BigDecimal} only where amounts enter or leave as text (config, CSV, PDF, the console). A double appears
 * only at the boundary with {@code ChatResult} (kept in doubles for its other users) and for charts.
 */
public final class Micros {
    public static final long PER_USD = 1_000_000L;

    private Micros() {
    }

    /**
     * The whole micro-dollars nearest {@code usd}, ties rounded half up. Read through its shortest decimal form
     * ({@link BigDecimal#valueOf(double)}), so a cost the engine computed in micro-dollars comes back unchanged.
     */
    public static long fromUsd(double usd) {
        if (usd == 0) {
            return 0; // a cache hit's cost, on every request: not worth a BigDecimal
        }
        if (!Double.isFinite(usd)) {
            throw new IllegalArgumentException("not an amount in USD: " + usd);
        }
        return BigDecimal.valueOf(usd).movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** Dollars, exact: {@code 45} is {@code 0.000045}. */
    public static BigDecimal toUsd(long micros) {
        return BigDecimal.valueOf(micros, 6);
    }

    /** Dollars as a plain decimal without trailing zeros: {@code 0.000045}, {@code 12.5}, {@code 0}. */
    public static String plain(long micros) {
        return toUsd(micros).stripTrailingZeros().toPlainString();
    }

    /** Dollars as a double, for charts and gauges, never for sums. */
    public static double usd(long micros) {
        return micros / (double) PER_USD;
    }
}
