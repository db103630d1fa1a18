package dev.switchboard.console.requests;

import dev.switchboard.console.Money;
import dev.switchboard.engine.telemetry.RequestEvent;
import dev.switchboard.engine.telemetry.Step;
import dev.switchboard.engine.telemetry.requestlog.RequestEntry;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The Requests tab's words for an entry and its steps, free of JavaFX. */
public final class RequestRows {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS",
            Locale.ROOT);

    private RequestRows() {
    }

    public static String time(long atMillis, ZoneId zone) {
        return TIME.format(Instant.ofEpochMilli(atMillis).atZone(zone));
    }

    public static String dateTime(long atMillis, ZoneId zone) {
        return DATE_TIME.format(Instant.ofEpochMilli(atMillis).atZone(zone));
    }

    /** The model asked for, and the one that answered when it was another. */
    public static String model(RequestEvent e) {
        return e.model() == null || e.model().equals(e.modelAsked()) ? e.modelAsked()
                : e.modelAsked() + " → " + e.model();
    }

    public static String servedBy(RequestEvent e) {
        return e.servedBy() == null ? "—" : e.servedBy().name();
    }

    public static String cost(long micros) {
        return Money.ofMicros(micros);
    }

    public static String tokens(RequestEvent e) {
        return String.format(Locale.ROOT, "%,d / %,d", e.tokensIn(), e.tokensOut());
    }

    public static String orDash(String s) {
        return s == null || s.isEmpty() ? "—" : s;
    }

    /** A duration as people read it: {@code 850 ns}, {@code 42 µs}, {@code 3.40 ms}, {@code 1,204 ms}. */
    public static String duration(long nanos) {
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%,d µs", nanos / 1_000);
        }
        double ms = nanos / 1e6;
        return String.format(Locale.ROOT, ms < 10 ? "%.2f ms" : ms < 100 ? "%.1f ms" : "%,.0f ms", ms);
    }

    /** Milliseconds for the table's latency column: {@code 0.004}, {@code 12.3}, {@code 1,204}. */
    public static String millis(long nanos) {
        double ms = nanos / 1e6;
        return String.format(Locale.ROOT, ms < 1 ? "%.3f" : ms < 100 ? "%.1f" : "%,.0f", ms);
    }

    /** A step's name in words: {@code cache.l1} is "L1 read", {@code upstream.queue} "queue wait". */
    public static String step(Step s) {
        String n = s.name();
        String words = switch (n) {
            case "guard.input" -> "input guards";
            case "guard.output" -> "output guards";
            case "admit" -> "admission";
            case "cache.l1" -> "L1 read";
            case "cache.l2" -> "L2 read";
            case "cache.l3" -> "L3 read";
            case "cache.semantic" -> "semantic lookup";
            case "budget" -> "budget check";
            case "upstream.queue" -> "queue wait";
            case "parse" -> "parse";
            case "ledger" -> "ledger";
            default -> n.startsWith("provider ") ? "call " + n.substring("provider ".length()) : n;
        };
        return s.note() == null ? words : words + " · " + s.note();
    }

    /** The bar's kind, a style class: a hit, a miss, a provider call, a failure, a guard, ... */
    public static String kind(Step s) {
        if (s.note() != null && !s.note().equals("hit") && !s.note().equals("miss")) {
            return "step-failed";
        }
        String n = s.name();
        if (n.startsWith("cache.")) {
            return "hit".equals(s.note()) ? "step-hit" : "step-miss";
        }
        if (n.startsWith("provider ")) {
            return "step-provider";
        }
        if (n.startsWith("guard.")) {
            return "step-guard";
        }
        return switch (n) {
            case "upstream.queue" -> "step-queue";
            case "parse" -> "step-parse";
            default -> "step-other";
        };
    }

    /** The inspector's title line. */
    public static String title(RequestEntry entry, ZoneId zone) {
        RequestEvent e = entry.event();
        return "Request #" + String.format(Locale.ROOT, "%,d", entry.seq())
                + (e.requestId() == null ? "" : "  ·  id " + e.requestId()) + "  ·  " + dateTime(e.atMillis(), zone);
    }
}
