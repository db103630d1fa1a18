package dev.switchboard.console;

import dev.switchboard.engine.cost.Micros;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Dollar amounts as the console shows them: two decimals from a dollar up, four below, where LLM calls live. */
public final class Money {
    private Money() {
    }

    /** {@code 1,234.56}, {@code 0.0123}, {@code 0.00}; without the dollar sign, which the caller places. */
    public static String usd(double usd) {
        return String.format(Locale.ROOT, usd >= 1 || usd == 0 ? "%,.2f" : "%.4f", usd);
    }

    /** The same format from the ledger's exact micro-dollars, rounded half up: {@code 45} is {@code 0.0000}. */
    public static String ofMicros(long micros) {
        BigDecimal usd = Micros.toUsd(micros);
        boolean cents = usd.compareTo(BigDecimal.ONE) >= 0 || micros == 0;
        return String.format(Locale.ROOT, cents ? "%,.2f" : "%.4f", usd.setScale(cents ? 2 : 4, RoundingMode.HALF_UP));
    }
}
