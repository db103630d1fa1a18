package dev.switchboard.report;

import com.lowagie.text.BadElementException;
import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.ExceptionConverter;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.ColumnText;
import com.lowagie.text.pdf.DefaultFontMapper;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfTemplate;
import com.lowagie.text.pdf.PdfWriter;
import dev.switchboard.engine.cost.CostReport;
import dev.switchboard.engine.cost.Micros;
import dev.switchboard.engine.cost.CostReport.Row;
import dev.switchboard.engine.cost.ReportQuery;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TimeZone;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.ClusteredXYBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.time.SimpleTimePeriod;
import org.jfree.data.time.TimePeriodAnchor;
import org.jfree.data.time.TimePeriodValues;
import org.jfree.data.time.TimePeriodValuesCollection;

/**
 * Renders a {@link CostReport} as a PDF: a summary page (period, filters, totals and a chart of spend and savings
 * over time) followed by tables of spend over time, by model and by user. The chart is drawn by JFreeChart through
 * OpenPDF's Graphics2D bridge, so it stays vector (sharp when printed or zoomed, its labels searchable).
 * Long tables flow over pages and repeat their header.
 */
public final class PdfReport {
    static {
        // JFreeChart touches AWT; a CLI on a server has no display. Respect an explicit choice by the caller.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Beyond this many buckets, bars get thinner than a hairline: draw lines instead. */
    private static final int MAX_BARS = 60;
    /** Gaps between buckets are drawn as zeros (so lines drop to zero) unless that would mean this many points. */
    private static final int MAX_FILLED_BUCKETS = 20_000;

    private static final Color INK = new Color(0x22, 0x22, 0x22);
    private static final Color MUTED = new Color(0x6b, 0x6b, 0x6b);
    private static final Color RULE = new Color(0xc8, 0xc8, 0xc8);
    private static final Color HEADER_FILL = new Color(0xe6, 0xec, 0xf2);
    private static final Color STRIPE_FILL = new Color(0xf6, 0xf6, 0xf6);
    private static final Color SPEND = new Color(0x1f, 0x6f, 0xb2);
    private static final Color SAVED = new Color(0x2e, 0x9d, 0x5b);

    private static final Font TITLE = new Font(Font.HELVETICA, 20, Font.BOLD, INK);
    private static final Font HEADING = new Font(Font.HELVETICA, 13, Font.BOLD, INK);
    private static final Font BODY = new Font(Font.HELVETICA, 10, Font.NORMAL, INK);
    private static final Font BODY_BOLD = new Font(Font.HELVETICA, 10, Font.BOLD, INK);
    private static final Font LABEL = new Font(Font.HELVETICA, 9, Font.NORMAL, MUTED);
    private static final Font FIGURE = new Font(Font.HELVETICA, 15, Font.BOLD, INK);
    private static final Font CELL = new Font(Font.HELVETICA, 9, Font.NORMAL, INK);
    private static final Font CELL_BOLD = new Font(Font.HELVETICA, 9, Font.BOLD, INK);
    private static final Font FOOTER = new Font(Font.HELVETICA, 8, Font.NORMAL, MUTED);

    /**
     * The chart's font. PdfGraphics2D lays text out with the AWT font's widths but draws it in Helvetica, stretching
     * the letter spacing to make up the difference; with the system's sans serif (often DejaVu, much wider) chart
     * labels come out letter-spaced. Liberation Sans has Helvetica's widths, and OpenPDF ships it.
     */
    private static final java.awt.Font CHART_FONT = chartFont();
    private static final float MIN_CHART_HEIGHT = 180;
    private static final float MAX_CHART_HEIGHT = 340;

    private PdfReport() {
    }

    /**
     * Writes {@code report} as a PDF to {@code out}. The stream is flushed but not closed: the caller opened it.
     */
    public static void write(CostReport report, OutputStream out) throws IOException {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(out, "out");
        Document doc = new Document(PageSize.A4.rotate(), 36, 36, 36, 44);
        try {
            PdfWriter writer = PdfWriter.getInstance(doc, out);
            writer.setCloseStream(false);
            writer.setPageEvent(new Footer(period(report.query())));
            doc.addTitle("Switchboard cost report");
            doc.addSubject(period(report.query()) + ", " + report.query().describeFilters());
            doc.addCreator("Switchboard");
            doc.open();
            summaryPage(doc, writer, report);
            tables(doc, report);
            doc.close();
        } catch (ExceptionConverter e) {
            // OpenPDF wraps the stream's IOException (sometimes twice); callers of a writer expect it back.
            Exception inner = e;
            while (inner instanceof ExceptionConverter c && c.getException() != null) {
                inner = c.getException();
            }
            if (inner instanceof IOException io) {
                throw io;
            }
            throw e;
        }
        out.flush();
    }

    private static void summaryPage(Document doc, PdfWriter writer, CostReport report) {
        Paragraph title = new Paragraph("Switchboard cost report", TITLE);
        title.setSpacingAfter(8);
        doc.add(title);

        ReportQuery q = report.query();
        PdfPTable meta = new PdfPTable(new float[] {1, 9});
        meta.setWidthPercentage(100);
        meta.setHorizontalAlignment(Element.ALIGN_LEFT);
        metaRow(meta, "Period", period(q) + " (end exclusive), by " + ReportFormat.bucket(report.bucket()));
        metaRow(meta, "Filters", q.describeFilters());
        metaRow(meta, "Generated", ReportFormat.utcSeconds(report.generatedAt()) + " UTC");
        meta.setSpacingAfter(14);
        doc.add(meta);

        doc.add(totals(report.totals()));

        if (report.overTime().isEmpty()) {
            Paragraph none = new Paragraph("No traffic in this period.", BODY_BOLD);
            none.setSpacingBefore(24);
            doc.add(none);
            return;
        }
        Paragraph heading = new Paragraph("Spend and savings per " + ReportFormat.bucket(report.bucket())
                + " (UTC)", HEADING);
        heading.setSpacingBefore(16);
        heading.setSpacingAfter(4);
        doc.add(heading);

        JFreeChart chart;
        List<Instant> period = report.periodBuckets();
        if (!period.isEmpty() && period.size() <= MAX_BARS) {
            chart = barChart(report, period);
        } else {
            List<Bucket> buckets;
            try {
                buckets = buckets(report.overTime(), report.bucket());
            } catch (DateTimeParseException e) {
                doc.add(new Paragraph("No chart: a period label was not a UTC date or time (" + e.getParsedString()
                        + "). The tables that follow are complete.", BODY));
                return;
            }
            chart = chart(buckets, report.bucket());
        }
        float width = doc.right() - doc.left();
        float room = writer.getVerticalPosition(true) - doc.bottom() - 6;
        float height = Math.max(MIN_CHART_HEIGHT, Math.min(MAX_CHART_HEIGHT, room));
        doc.add(chartImage(writer, chart, width, height));
    }

    private static void metaRow(PdfPTable meta, String label, String value) {
        PdfPCell l = new PdfPCell(new Phrase(label, LABEL));
        PdfPCell v = new PdfPCell(new Phrase(value, BODY));
        for (PdfPCell c : List.of(l, v)) {
            c.setBorder(Rectangle.NO_BORDER);
            c.setPaddingLeft(0);
            c.setPaddingBottom(3);
            meta.addCell(c);
        }
    }

    /** The key figures as a row of tiles: a small label over a large number. */
    private static PdfPTable totals(Row t) {
        String[][] tiles = {
            {"Spend", ReportFormat.usd(t.costMicros())},
            {"Saved by cache", ReportFormat.usd(t.savedMicros())},
            {"Requests", ReportFormat.count(t.requests())},
            {"Provider calls", ReportFormat.count(t.providerCalls())},
            {"Cache / shared answers", ReportFormat.count(t.cacheAnswers())},
            {"Tokens in", ReportFormat.count(t.tokensIn())},
            {"Tokens out", ReportFormat.count(t.tokensOut())},
        };
        PdfPTable table = new PdfPTable(tiles.length);
        table.setWidthPercentage(100);
        for (String[] tile : tiles) {
            PdfPCell c = new PdfPCell();
            c.setBorder(Rectangle.TOP);
            c.setBorderColor(SPEND);
            c.setBorderWidthTop(2);
            c.setPaddingTop(5);
            c.setPaddingLeft(0);
            c.setPaddingRight(8);
            c.setPaddingBottom(4);
            c.addElement(new Paragraph(tile[0], LABEL));
            Paragraph figure = new Paragraph(tile[1], FIGURE);
            figure.setSpacingBefore(2);
            c.addElement(figure);
            table.addCell(c);
        }
        return table;
    }

    /** The tables, on their own pages after the summary. Nothing to tabulate, no pages. */
    private static void tables(Document doc, CostReport report) {
        if (report.overTime().isEmpty() && report.byModel().isEmpty() && report.topUsers().isEmpty()) {
            return;
        }
        doc.newPage();
        long spend = report.totals().costMicros();
        boolean first = true;
        if (!report.overTime().isEmpty()) {
            List<Row> rows = new ArrayList<>();
            for (Row r : report.overTime()) {
                rows.add(relabel(r, bucketLabel(r.label(), report.bucket())));
            }
            doc.add(table("Spend per " + ReportFormat.bucket(report.bucket()), "Period (UTC)", rows,
                    report.totals(), spend, false, first));
            first = false;
        }
        if (!report.byModel().isEmpty()) {
            doc.add(table("Spend by model", "Model", report.byModel(), report.totals(), spend, true, first));
            first = false;
        }
        if (!report.topUsers().isEmpty()) {
            String title = report.topUsers().size() >= CostReport.TOP_USERS
                    ? "Top " + CostReport.TOP_USERS + " users by spend" : "Spend by user";
            doc.add(table(title, "User", report.topUsers(), null, spend, true, first));
        }
    }

    /**
     * A table whose first header row is its title, so a table that continues on the next page says what it is.
     *
     * @param total a last "Total" row, or null when the rows are not the whole (top users)
     */
    private static PdfPTable table(String title, String firstColumn, List<Row> rows, Row total, long spend,
                                   boolean share, boolean first) {
        List<String> heads = new ArrayList<>(List.of(firstColumn, "Requests", "Provider calls",
                "Cache/shared", "Tokens in", "Tokens out", "Spend", "Saved"));
        List<Float> widths = new ArrayList<>(List.of(3.2f, 1.2f, 1.2f, 1.2f, 1.4f, 1.4f, 1.4f, 1.4f));
        if (share) {
            heads.add("% of spend");
            widths.add(1.2f);
            widths.set(0, 2.6f);
        }
        float[] w = new float[widths.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = widths.get(i);
        }
        PdfPTable table = new PdfPTable(w);
        table.setWidthPercentage(100);
        table.setSpacingBefore(first ? 0 : 22);
        table.setHeaderRows(2);
        // A short table moves whole to the next page rather than leave its title stranded at the bottom.
        table.setKeepTogether(rows.size() <= 30);

        PdfPCell caption = new PdfPCell(new Phrase(title, HEADING));
        caption.setColspan(heads.size());
        caption.setBorder(Rectangle.NO_BORDER);
        caption.setPaddingLeft(0);
        caption.setPaddingBottom(7);
        table.addCell(caption);
        for (int i = 0; i < heads.size(); i++) {
            PdfPCell h = new PdfPCell(new Phrase(heads.get(i), CELL_BOLD));
            h.setBackgroundColor(HEADER_FILL);
            h.setHorizontalAlignment(i == 0 ? Element.ALIGN_LEFT : Element.ALIGN_RIGHT);
            h.setVerticalAlignment(Element.ALIGN_BOTTOM);
            style(h);
            table.addCell(h);
        }
        for (int i = 0; i < rows.size(); i++) {
            addRow(table, rows.get(i), spend, share, CELL, i % 2 == 1 ? STRIPE_FILL : null);
        }
        if (total != null) {
            addRow(table, relabel(total, "Total"), spend, share, CELL_BOLD, HEADER_FILL);
        }
        return table;
    }

    private static void addRow(PdfPTable table, Row r, long spend, boolean share, Font font, Color fill) {
        List<String> cells = new ArrayList<>(List.of(r.label(), ReportFormat.count(r.requests()),
                ReportFormat.count(r.providerCalls()), ReportFormat.count(r.cacheAnswers()),
                ReportFormat.count(r.tokensIn()), ReportFormat.count(r.tokensOut()),
                ReportFormat.usd(r.costMicros()), ReportFormat.usd(r.savedMicros())));
        if (share) {
            cells.add(ReportFormat.percent(r.costMicros(), spend));
        }
        for (int i = 0; i < cells.size(); i++) {
            PdfPCell c = new PdfPCell(new Phrase(cells.get(i), font));
            c.setHorizontalAlignment(i == 0 ? Element.ALIGN_LEFT : Element.ALIGN_RIGHT);
            if (fill != null) {
                c.setBackgroundColor(fill);
            }
            style(c);
            table.addCell(c);
        }
    }

    private static void style(PdfPCell c) {
        c.setBorder(Rectangle.BOTTOM);
        c.setBorderColor(RULE);
        c.setBorderWidthBottom(0.5f);
        c.setPaddingTop(3);
        c.setPaddingBottom(4);
        c.setPaddingLeft(4);
        c.setPaddingRight(4);
    }

    private static Row relabel(Row r, String label) {
        return new Row(label, r.requests(), r.providerCalls(), r.tokensIn(), r.tokensOut(), r.costMicros(),
                r.savedMicros());
    }

    /** A bucket label for people: "2026-11-23" for days, "2026-11-23 14:00" for shorter buckets. */
    private static String bucketLabel(String label, Duration bucket) {
        try {
            Instant start = parseBucket(label);
            return bucket.compareTo(Duration.ofDays(1)) >= 0 && start.getEpochSecond() % 86_400 == 0
                    ? LocalDate.ofInstant(start, ZoneOffset.UTC).toString() : ReportFormat.utc(start);
        } catch (DateTimeParseException e) {
            return label;
        }
    }

    /** A bucket start as the report labels it: "2026-11-23" (a UTC day) or "2026-11-23T14:00Z". */
    static Instant parseBucket(String label) {
        if (label.length() == 10) {
            return LocalDate.parse(label).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return OffsetDateTime.parse(label).toInstant();
    }

    /** One point of the chart: a bucket and what it cost and saved, in dollars (a chart needs no exact sums). */
    private record Bucket(Instant start, double costUsd, double savedUsd) {
    }

    /** The report's buckets in time order, with the empty buckets between them as zeros where that is cheap. */
    private static List<Bucket> buckets(List<Row> overTime, Duration width) {
        List<Bucket> given = new ArrayList<>();
        for (Row r : overTime) {
            given.add(new Bucket(parseBucket(r.label()), Micros.usd(r.costMicros()), Micros.usd(r.savedMicros())));
        }
        given.sort((a, b) -> a.start().compareTo(b.start()));
        if (width.isZero() || width.isNegative()) {
            return given;
        }
        Instant first = given.getFirst().start();
        long span = Duration.between(first, given.getLast().start()).dividedBy(width) + 1;
        if (span > MAX_FILLED_BUCKETS) {
            return given;
        }
        List<Bucket> filled = new ArrayList<>();
        int next = 0;
        for (Instant t = first; !t.isAfter(given.getLast().start()); t = t.plus(width)) {
            if (next < given.size() && given.get(next).start().equals(t)) {
                // Several rows for one bucket should not happen; if they do, none is dropped.
                while (next < given.size() && given.get(next).start().equals(t)) {
                    filled.add(given.get(next++));
                }
            } else {
                filled.add(new Bucket(t, 0, 0));
            }
        }
        // Rows off the bucket grid (not expected) keep their place rather than vanish.
        return next == given.size() ? filled : given;
    }

    /**
     * Spend and savings per bucket over the whole period (as the console's chart: a day by the hour is 24 places,
     * quiet ones empty), the two bars of a bucket side by side under its label: one bucket, not two points in time.
     */
    private static JFreeChart barChart(CostReport report, List<Instant> period) {
        java.util.Map<String, Row> byLabel = new java.util.HashMap<>();
        report.overTime().forEach(r -> byLabel.put(r.label(), r));
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        double max = 0;
        for (Instant at : period) {
            Row r = byLabel.get(report.label(at));
            double cost = r == null ? 0 : Micros.usd(r.costMicros());
            double saved = r == null ? 0 : Micros.usd(r.savedMicros());
            String label = report.axisLabel(at);
            data.addValue(cost, "Spend", label);
            data.addValue(saved, "Saved by cache", label);
            max = Math.max(max, Math.max(cost, saved));
        }
        java.awt.Font tickFont = CHART_FONT.deriveFont(9f);
        java.awt.Font labelFont = CHART_FONT.deriveFont(10f);

        boolean daily = report.bucket().compareTo(Duration.ofDays(1)) >= 0;
        CategoryAxis buckets = new CategoryAxis(daily ? "Day (UTC)" : "Hour (UTC)");
        buckets.setTickLabelFont(tickFont);
        buckets.setLabelFont(labelFont);
        buckets.setLabelPaint(MUTED);
        buckets.setTickMarksVisible(false);
        buckets.setLowerMargin(0.01);
        buckets.setUpperMargin(0.01);
        buckets.setCategoryMargin(0.25);
        // A label may run into the gap beside its bucket rather than be cut to "...".
        buckets.setMaximumCategoryLabelWidthRatio(2.5f);
        // Upright labels (a reader of the PDF finds them as text): smaller for a month of days, slanted only for
        // long ones ("11-23 14:00", hours over several days).
        if (period.stream().map(report::axisLabel).anyMatch(l -> l.length() > 6)) {
            buckets.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        } else if (period.size() > 24) {
            buckets.setTickLabelFont(CHART_FONT.deriveFont(7.5f));
        }

        NumberAxis usd = new NumberAxis("USD");
        usd.setNumberFormatOverride(new DecimalFormat(max < 10 ? "$#,##0.00##" : "$#,##0.##",
                DecimalFormatSymbols.getInstance(Locale.US)));
        usd.setAutoRangeIncludesZero(true);
        usd.setTickLabelFont(tickFont);
        usd.setLabelFont(labelFont);
        usd.setLabelPaint(MUTED);
        if (max == 0) {
            usd.setRange(0, 1);
        }

        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        // The two bars of one bucket touch: a pair, with the gap between buckets.
        bars.setItemMargin(0.0);
        bars.setMaximumBarWidth(0.05);
        bars.setSeriesPaint(0, SPEND);
        bars.setSeriesPaint(1, SAVED);

        CategoryPlot plot = new CategoryPlot(data, buckets, usd, bars);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinePaint(RULE);
        plot.setRangeGridlineStroke(new BasicStroke(0.5f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        return finish(new JFreeChart(null, null, plot, true), labelFont);
    }

    private static JFreeChart chart(List<Bucket> buckets, Duration width) {
        TimePeriodValues spend = new TimePeriodValues("Spend");
        TimePeriodValues saved = new TimePeriodValues("Saved by cache");
        double max = 0;
        for (Bucket b : buckets) {
            Date start = Date.from(b.start());
            Date end = Date.from(b.start().plus(width).minusMillis(1));
            spend.add(new SimpleTimePeriod(start, end), b.costUsd());
            saved.add(new SimpleTimePeriod(start, end), b.savedUsd());
            max = Math.max(max, Math.max(b.costUsd(), b.savedUsd()));
        }
        TimePeriodValuesCollection data = new TimePeriodValuesCollection();
        data.addSeries(spend);
        data.addSeries(saved);

        java.awt.Font tickFont = CHART_FONT.deriveFont(9f);
        java.awt.Font labelFont = CHART_FONT.deriveFont(10f);

        DateAxis time = new DateAxis("Time (UTC)", TimeZone.getTimeZone("UTC"), Locale.US);
        String tickPattern = width.compareTo(Duration.ofDays(1)) >= 0 ? "MMM d" : "MMM d HH:mm";
        SimpleDateFormat ticks = new SimpleDateFormat(tickPattern, Locale.US);
        ticks.setTimeZone(TimeZone.getTimeZone("UTC"));
        time.setDateFormatOverride(ticks);
        time.setTickLabelFont(tickFont);
        time.setLabelFont(labelFont);
        time.setLabelPaint(MUTED);
        time.setLowerMargin(0.01);
        time.setUpperMargin(0.01);

        NumberAxis usd = new NumberAxis("USD");
        // As few decimals as the tick step needs: $0.45, $0.0025, $70.
        usd.setNumberFormatOverride(new DecimalFormat(max < 10 ? "$#,##0.00##" : "$#,##0.##",
                DecimalFormatSymbols.getInstance(Locale.US)));
        usd.setAutoRangeIncludesZero(true);
        usd.setTickLabelFont(tickFont);
        usd.setLabelFont(labelFont);
        usd.setLabelPaint(MUTED);
        if (max == 0) {
            usd.setRange(0, 1);
        }

        XYItemRenderer renderer;
        if (buckets.size() <= MAX_BARS) {
            ClusteredXYBarRenderer bars = new ClusteredXYBarRenderer(0.2, false);
            bars.setBarPainter(new StandardXYBarPainter());
            bars.setShadowVisible(false);
            bars.setDrawBarOutline(false);
            renderer = bars;
        } else {
            XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
            lines.setSeriesStroke(0, new BasicStroke(1.5f));
            lines.setSeriesStroke(1, new BasicStroke(1.5f));
            renderer = lines;
            data.setXPosition(TimePeriodAnchor.MIDDLE);
        }
        renderer.setSeriesPaint(0, SPEND);
        renderer.setSeriesPaint(1, SAVED);

        XYPlot plot = new XYPlot(data, time, usd, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinePaint(RULE);
        plot.setRangeGridlineStroke(new BasicStroke(0.5f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);

        return finish(new JFreeChart(null, null, plot, true), labelFont);
    }

    /** White, a little padding, the legend top left without a frame. */
    private static JFreeChart finish(JFreeChart chart, java.awt.Font labelFont) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(4, 0, 0, 8));
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(labelFont);
        legend.setPosition(RectangleEdge.TOP);
        legend.setHorizontalAlignment(HorizontalAlignment.LEFT);
        legend.setFrame(BlockBorder.NONE);
        legend.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static java.awt.Font chartFont() {
        try (InputStream in = PdfReport.class.getResourceAsStream("/font-fallback/LiberationSans-Regular.ttf")) {
            if (in != null) {
                return java.awt.Font.createFont(java.awt.Font.TRUETYPE_FONT, in);
            }
        } catch (IOException | FontFormatException e) {
            // A later OpenPDF without the font: the system's sans serif still works, only looser.
        }
        return new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 10);
    }

    /** Draws the chart into a PDF template (vector: shapes and Helvetica text), wrapped as an image to flow. */
    private static Image chartImage(PdfWriter writer, JFreeChart chart, float width, float height) {
        PdfContentByte cb = writer.getDirectContent();
        PdfTemplate template = cb.createTemplate(width, height);
        Graphics2D g2 = template.createGraphics(width, height, new DefaultFontMapper());
        try {
            chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
        } finally {
            g2.dispose();
        }
        try {
            return Image.getInstance(template);
        } catch (BadElementException e) {
            throw new IllegalStateException("chart template rejected", e);
        }
    }

    private static String period(ReportQuery q) {
        // "to", not an en dash: OpenPDF 2.0 finds no en dash in Helvetica and embeds a fallback font for the line.
        return ReportFormat.utc(q.from()) + " to " + ReportFormat.utc(q.to()) + " UTC";
    }

    /** "Switchboard cost report • period" on the left and the page number on the right of every page. */
    private static final class Footer extends PdfPageEventHelper {
        private final String period;

        Footer(String period) {
            this.period = period;
        }

        @Override
        public void onEndPage(PdfWriter writer, Document doc) {
            PdfContentByte cb = writer.getDirectContent();
            float y = doc.bottom() - 20;
            ColumnText.showTextAligned(cb, Element.ALIGN_LEFT,
                    new Phrase(new Chunk("Switchboard cost report, " + period, FOOTER)), doc.left(), y, 0);
            ColumnText.showTextAligned(cb, Element.ALIGN_RIGHT,
                    new Phrase(new Chunk("Page " + writer.getPageNumber(), FOOTER)), doc.right(), y, 0);
        }
    }
}
