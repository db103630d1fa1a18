package dev.switchboard.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import dev.switchboard.engine.cost.CostReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PdfReportTest {
    /** The text of each page, as a reader of the PDF would find it. */
    private static List<String> render(CostReport report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PdfReport.write(report, out);
        byte[] pdf = out.toByteArray();
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        PdfReader reader = new PdfReader(pdf);
        try {
            PdfTextExtractor text = new PdfTextExtractor(reader);
            List<String> pages = new ArrayList<>();
            for (int p = 1; p <= reader.getNumberOfPages(); p++) {
                pages.add(text.getTextFromPage(p));
            }
            return pages;
        } finally {
            reader.close();
        }
    }

    @Test
    void summaryTotalsChartAndTables() throws IOException {
        CostReport report = SampleReports.month();

        List<String> pages = render(report);
        String all = String.join("\n", pages);

        String summary = pages.getFirst();
        assertThat(summary).contains("Switchboard cost report", "2026-11-01 00:00", "2026-12-01 00:00",
                "by day", "all traffic", "2026-12-01 08:00:12 UTC");
        assertThat(summary).contains(ReportFormat.usd(report.totals().costMicros()),
                ReportFormat.usd(report.totals().savedMicros()), ReportFormat.count(report.totals().requests()),
                ReportFormat.count(report.totals().providerCalls()),
                ReportFormat.count(report.totals().cacheAnswers()), ReportFormat.count(report.totals().tokensIn()),
                ReportFormat.count(report.totals().tokensOut()));
        // The chart is vector: its legend and axis labels are text in the page.
        assertThat(summary).contains("Saved by cache", "Day (UTC)", "11-01", "11-30").doesNotContain("No traffic");
        assertThat(all).contains("claude-3-5-sonnet-20241022", "gpt-4o-mini", "carol@example.com", "(none)",
                "Spend by model", "2026-11-30", "Total");
    }

    @Test
    void emptyReportSaysSoInsteadOfAChart() throws IOException {
        List<String> pages = render(SampleReports.empty());

        assertThat(pages).hasSize(1);
        assertThat(pages.getFirst()).contains("Switchboard cost report", "No traffic in this period.", "$0.00")
                .doesNotContain("Day (UTC)", "Time (UTC)");
    }

    /** One busy hour of a day is one pair of bars among the day's 24 hours, as the console draws it. */
    @Test
    void aDayByTheHourChartsAll24HoursEvenWithTrafficInOne() throws IOException {
        List<String> pages = render(SampleReports.oneBusyHour());

        String summary = pages.getFirst();
        assertThat(summary).contains("Hour (UTC)", "Spend", "Saved by cache", "01:00", "09:00", "14:00", "23:00")
                .doesNotContain("Time (UTC)");
    }

    @Test
    void longTablesFlowOntoFollowingPagesWithTheirHeader() throws IOException {
        CostReport report = SampleReports.hourly(200);

        List<String> pages = render(report);

        assertThat(pages.size()).isGreaterThan(2);
        assertThat(pages.getFirst()).contains("user alice, plan pro", "by hour");
        assertThat(pages.get(2)).contains("Period (UTC)", "Tokens out");
        String all = String.join("\n", pages);
        assertThat(all).contains("2026-11-01 00:00", "2026-11-09 07:00");
    }

    @Test
    void aFailingStreamIsAnIoException() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        };

        assertThatThrownBy(() -> PdfReport.write(SampleReports.month(), broken))
                .isInstanceOf(IOException.class).hasMessage("disk full");
    }
}
