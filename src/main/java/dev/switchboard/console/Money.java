package dev.switchboard.console;

import dev.switchboard.engine.cost.Dollars;

/**
 * Dollar amounts as the console shows them, the same way as the PDF report ({@link Dollars}): {@code $1,234.56},
 * {@code $0.22}, and four significant digits below a cent ({@code $0.004567}). The dollar sign is included.
 */
public final class Money {
    private Money() {
    }

    /** From dollars (the snapshot's doubles). */
    public static String usd(double usd) {
        return Dollars.of(usd);
    }

    /** From the ledger's exact micro-dollars. */
    public static String ofMicros(long micros) {
        return Dollars.ofMicros(micros);
    }
}
