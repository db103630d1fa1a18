package dev.switchboard.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReportFormatTest {
    @Test
    void dollarsAsTheConsoleWritesThem() {
        // From whole micro-dollars, rounded half up (the rules themselves: DollarsTest).
        assertThat(ReportFormat.usd(1_234_565_000L)).isEqualTo("$1,234.57");
        assertThat(ReportFormat.usd(12_300L)).isEqualTo("$0.01");
        assertThat(ReportFormat.usd(4_567L)).isEqualTo("$0.004567");
        assertThat(ReportFormat.usd(0L)).isEqualTo("$0.00");
        assertThat(ReportFormat.usd(-2_500_000L)).isEqualTo("-$2.50");
    }

    @Test
    void countsPercentTimesAndBuckets() {
        assertThat(ReportFormat.count(1_234_567)).isEqualTo("1,234,567");
        assertThat(ReportFormat.percent(1, 8)).isEqualTo("12.5%");
        assertThat(ReportFormat.percent(1, 0)).isEqualTo("-");
        assertThat(ReportFormat.utc(Instant.parse("2026-11-23T14:00:00Z"))).isEqualTo("2026-11-23 14:00");
        assertThat(ReportFormat.utc(Instant.parse("2026-11-23T14:00:05Z"))).isEqualTo("2026-11-23 14:00:05");
        assertThat(ReportFormat.bucket(Duration.ofDays(1))).isEqualTo("day");
        assertThat(ReportFormat.bucket(Duration.ofHours(1))).isEqualTo("hour");
        assertThat(ReportFormat.bucket(Duration.ofHours(6))).isEqualTo("6 hours");
        assertThat(ReportFormat.bucket(Duration.ofMinutes(15))).isEqualTo("15 minutes");
    }
}
