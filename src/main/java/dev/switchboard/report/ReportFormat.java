package dev.switchboard.report;

import dev.switchboard.engine.cost.Dollars;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How reports write amounts, counts and times. Fixed to US symbols and UTC so a report reads the same whatever
 * the locale and zone of the machine that rendered it.
 */
final class ReportFormat {
    private static final DecimalFormatSymbols US = DecimalFormatSymbols.getInstance(Locale.US);
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private ReportFormat() {
    }

    /** Dollars from whole micro-dollars, as the console writes them ({@link Dollars}): "$1,234.56", "$0.004567". */
    static String usd(long micros) {
        return Dollars.ofMicros(micros);
    }

    /** Counts with thousands separators: "1,234,567". */
    static String count(long n) {
        return new DecimalFormat("#,##0", US).format(n);
    }

    /** A share of a total: "12.3%", or "-" when the total is zero. */
    static String percent(long part, long total) {
        if (total <= 0) {
            return "-";
        }
        return new DecimalFormat("0.0", US).format(100.0 * part / total) + "%";
    }

    /** A UTC time, to the minute unless it has seconds: "2026-11-23 14:00". */
    static String utc(Instant t) {
        return (t.getEpochSecond() % 60 == 0 && t.getNano() == 0 ? MINUTES : SECONDS).format(t);
    }

    /** A UTC time to the second, for "generated at". */
    static String utcSeconds(Instant t) {
        return SECONDS.format(t);
    }

    /** The bucket width as a word: "hour", "day", "6 hours". */
    static String bucket(Duration d) {
        if (d.equals(Duration.ofDays(1))) {
            return "day";
        }
        if (d.equals(Duration.ofHours(1))) {
            return "hour";
        }
        if (d.equals(Duration.ofMinutes(1))) {
            return "minute";
        }
        if (!d.isZero() && d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
            return d.toDays() + " days";
        }
        if (!d.isZero() && d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
            return d.toHours() + " hours";
        }
        if (!d.isZero() && d.toMinutes() > 0 && d.equals(Duration.ofMinutes(d.toMinutes()))) {
            return d.toMinutes() + " minutes";
        }
        return d.toString();
    }
}
