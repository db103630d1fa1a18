package dev.switchboard.console;

import java.util.Locale;

/** Dollar amounts as the console shows them: two decimals from a dollar up, four below, where LLM calls live. */
public final class Money {
    private Money() {
    }

    /** {@code 1,234.56}, {@code 0.0123}, {@code 0.00}; without the dollar sign, which the caller places. */
    public static String usd(double usd) {
        return String.format(Locale.ROOT, usd >= 1 || usd == 0 ? "%,.2f" : "%.4f", usd);
    }
}
