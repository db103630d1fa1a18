package dev.switchboard.engine.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The buckets a report's chart covers: the whole period, quiet buckets too, the same in the console and the PDF. */
class CostReportTest {
    private static final CostReport.Row NONE = new CostReport.Row("total", 0, 0, 0, 0, 0, 0);
    private static final Instant DAY = Instant.parse("2026-11-23T00:00:00Z");

    private static CostReport report(Instant from, Instant to, Instant generated, Duration bucket) {
        return new CostReport(ReportQuery.between(from, to), generated, bucket, NONE, List.of(), List.of(), List.of());
    }

    @Test
    void aDayByTheHourIs24BucketsLabelledByTheHour() {
        CostReport r = report(DAY, DAY.plus(Duration.ofDays(1)), DAY.plus(Duration.ofHours(15)), Duration.ofHours(1));
        assertThat(r.periodBuckets()).hasSize(24).startsWith(DAY).endsWith(DAY.plus(Duration.ofHours(23)));
        assertThat(r.label(DAY.plus(Duration.ofHours(14)))).isEqualTo("2026-11-23T14:00Z");
        assertThat(r.axisLabel(DAY.plus(Duration.ofHours(14)))).isEqualTo("14:00");
    }

    @Test
    void hoursOverTwoDaysNameTheDaySoLabelsStayUnique() {
        CostReport r = report(DAY, DAY.plus(Duration.ofDays(2)), DAY.plus(Duration.ofDays(3)), Duration.ofHours(1));
        assertThat(r.periodBuckets()).hasSize(48);
        assertThat(r.periodBuckets().stream().map(r::axisLabel).distinct()).hasSize(48);
        assertThat(r.axisLabel(DAY.plus(Duration.ofHours(38)))).isEqualTo("11-24 14:00");
    }

    @Test
    void daysStopAtTheDayTheReportWasMade() {
        Instant from = Instant.parse("2026-11-01T00:00:00Z");
        CostReport r = report(from, from.plus(Duration.ofDays(30)), Instant.parse("2026-11-10T08:00:00Z"),
                Duration.ofDays(1));
        assertThat(r.periodBuckets()).hasSize(10);
        assertThat(r.label(from)).isEqualTo("2026-11-01");
        assertThat(r.axisLabel(from)).isEqualTo("11-01");
    }
}
