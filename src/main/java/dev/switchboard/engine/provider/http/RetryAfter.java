package dev.switchboard.engine.provider.http;

import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a 429 asks the caller to wait, from the headers upstreams send, in this order:
 * <ol>
 *   <li>{@code retry-after-ms} (OpenAI, milliseconds) and {@code Retry-After} (RFC 9110: seconds or an HTTP date);</li>
 *   <li>OpenAI's {@code x-ratelimit-reset-requests} / {@code x-ratelimit-reset-tokens}, Go-style durations such as
 *       {@code 1s}, {@code 6m0s}, {@code 20ms};</li>
 *   <li>Anthropic's {@code anthropic-ratelimit-*-reset}, RFC 3339 times.</li>
 * </ol>
 * Of several reset headers, those whose {@code remaining} counterpart is 0 (the limit that was hit) decide; the
 * longest of them, so the wait covers every exhausted limit. With no usable header, {@link #DEFAULT}.
 */
public final class RetryAfter {
    /** The wait when a 429 says nothing about it: short, since the retry's backoff grows from there. */
    public static final Duration DEFAULT = Duration.ofSeconds(1);
    /** Longer than this is treated as a misread header rather than kept: no upstream asks for a day. */
    private static final Duration MAX = Duration.ofHours(1);

    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|us|µs|ns|m|s)");
    private static final List<String> OPENAI = List.of("requests", "tokens");
    private static final List<String> ANTHROPIC = List.of("requests", "tokens", "input-tokens", "output-tokens");

    private RetryAfter() {
    }

    public static Duration of(HttpHeaders h, Instant now) {
        Optional<Duration> d = header(h, "retry-after-ms").flatMap(RetryAfter::millis)
                .or(() -> header(h, "retry-after").flatMap(v -> retryAfter(v, now)))
                .or(() -> resets(h, OPENAI, n -> "x-ratelimit-reset-" + n, n -> "x-ratelimit-remaining-" + n,
                        v -> goDuration(v)))
                .or(() -> resets(h, ANTHROPIC, n -> "anthropic-ratelimit-" + n + "-reset",
                        n -> "anthropic-ratelimit-" + n + "-remaining", v -> rfc3339(v, now)));
        return d.filter(x -> x.compareTo(MAX) <= 0).orElse(DEFAULT);
    }

    private static Optional<Duration> resets(HttpHeaders h, List<String> names,
                                             java.util.function.UnaryOperator<String> reset,
                                             java.util.function.UnaryOperator<String> remaining,
                                             java.util.function.Function<String, Optional<Duration>> parse) {
        Duration exhausted = null;
        Duration any = null;
        for (String n : names) {
            Optional<Duration> d = header(h, reset.apply(n)).flatMap(parse);
            if (d.isEmpty()) {
                continue;
            }
            any = max(any, d.get());
            if (header(h, remaining.apply(n)).map(String::trim).filter("0"::equals).isPresent()) {
                exhausted = max(exhausted, d.get());
            }
        }
        return Optional.ofNullable(exhausted != null ? exhausted : any);
    }

    private static Duration max(Duration a, Duration b) {
        return a == null || b.compareTo(a) > 0 ? b : a;
    }

    private static Optional<String> header(HttpHeaders h, String name) {
        return h.firstValue(name).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static Optional<Duration> millis(String v) {
        try {
            return Optional.of(Duration.ofNanos(new BigDecimal(v).movePointRight(6).longValue()))
                    .filter(d -> !d.isNegative());
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** RFC 9110: delay-seconds or an HTTP-date (a date in the past means now). */
    static Optional<Duration> retryAfter(String v, Instant now) {
        try {
            return Optional.of(Duration.ofNanos(new BigDecimal(v).movePointRight(9).longValue()))
                    .filter(d -> !d.isNegative());
        } catch (NumberFormatException | ArithmeticException e) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Optional.of(nonNegative(Duration.between(now, at)));
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    /** Go's time.Duration text, as OpenAI writes it: {@code 1s}, {@code 6m0s}, {@code 1h2m3.5s}, {@code 20ms}. */
    static Optional<Duration> goDuration(String v) {
        Matcher m = GO_PART.matcher(v);
        long nanos = 0;
        int at = 0;
        while (m.find() && m.start() == at) {
            BigDecimal n = new BigDecimal(m.group(1));
            long unit = switch (m.group(2)) {
                case "h" -> 3_600_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "s" -> 1_000_000_000L;
                case "ms" -> 1_000_000L;
                case "us", "µs" -> 1_000L;
                default -> 1L;
            };
            nanos += n.multiply(BigDecimal.valueOf(unit)).longValue();
            at = m.end();
        }
        return at == v.length() && at > 0 ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty();
    }

    static Optional<Duration> rfc3339(String v, Instant now) {
        try {
            return Optional.of(nonNegative(Duration.between(now, OffsetDateTime.parse(v).toInstant())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
