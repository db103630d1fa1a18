package dev.switchboard.engine.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");

    private static Duration of(String... kv) {
        Map<String, List<String>> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], List.of(kv[i + 1]));
        }
        return RetryAfter.of(HttpHeaders.of(m, (a, b) -> true), NOW);
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        assertThat(of("retry-after", "30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(of("retry-after", "0.5")).isEqualTo(Duration.ofMillis(500));
        assertThat(of("retry-after", "Mon, 10 Mar 2025 12:00:42 GMT")).isEqualTo(Duration.ofSeconds(42));
        assertThat(of("retry-after", "Mon, 10 Mar 2025 11:00:00 GMT")).isZero();
        assertThat(of("retry-after-ms", "250", "retry-after", "1")).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void openAiResetDurations() {
        assertThat(RetryAfter.goDuration("1s")).contains(Duration.ofSeconds(1));
        assertThat(RetryAfter.goDuration("6m0s")).contains(Duration.ofMinutes(6));
        assertThat(RetryAfter.goDuration("20ms")).contains(Duration.ofMillis(20));
        assertThat(RetryAfter.goDuration("1h2m3.5s")).contains(Duration.ofMillis(3_723_500));
        assertThat(RetryAfter.goDuration("soon")).isEmpty();
        assertThat(RetryAfter.goDuration("1s later")).isEmpty();
        // Neither limit is known to be exhausted: the longer wait covers both.
        assertThat(of("x-ratelimit-reset-requests", "2s", "x-ratelimit-reset-tokens", "6m0s"))
                .isEqualTo(Duration.ofMinutes(6));
        assertThat(of("x-ratelimit-reset-requests", "2s", "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-tokens", "6m0s", "x-ratelimit-remaining-tokens", "100"))
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anthropicResetTimes() {
        assertThat(of("anthropic-ratelimit-requests-reset", "2025-03-10T12:00:15Z",
                "anthropic-ratelimit-requests-remaining", "0",
                "anthropic-ratelimit-tokens-reset", "2025-03-10T12:01:00Z",
                "anthropic-ratelimit-tokens-remaining", "5000")).isEqualTo(Duration.ofSeconds(15));
        assertThat(of("anthropic-ratelimit-output-tokens-reset", "2025-03-10T12:00:03.5Z"))
                .isEqualTo(Duration.ofMillis(3500));
    }

    @Test
    void nothingUsableIsTheDefault() {
        assertThat(of()).isEqualTo(RetryAfter.DEFAULT);
        assertThat(of("retry-after", "whenever")).isEqualTo(RetryAfter.DEFAULT);
        assertThat(of("retry-after", "86400")).as("a day is a misread header").isEqualTo(RetryAfter.DEFAULT);
    }
}
