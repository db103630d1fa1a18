package dev.switchboard.console.costs;

import dev.switchboard.console.ConsoleContext;
import dev.switchboard.console.Money;
import dev.switchboard.engine.cost.CostReport;
import dev.switchboard.engine.cost.LedgerQueries;
import dev.switchboard.engine.cost.Micros;
import dev.switchboard.engine.cost.ReportQuery;
import dev.switchboard.report.CsvExport;
import dev.switchboard.report.PdfReport;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * The Costs tab: runs a report over the ledger in the background and shows its totals, a chart of spend and
 * savings over time, and tables by model and top user; exports the same period to CSV (one row per request) or
 * PDF. Every query and file write runs off the FX thread.
 */
public final class CostsController {
    private final ConsoleContext ctx;

    @FXML
    private DatePicker from;
    @FXML
    private DatePicker to;
    @FXML
    private ComboBox<String> user;
    @FXML
    private ComboBox<String> model;
    @FXML
    private ComboBox<String> plan;
    @FXML
    private Button run;
    @FXML
    private Button exportCsv;
    @FXML
    private Button exportPdf;
    @FXML
    private ProgressIndicator busy;
    @FXML
    private Label status;
    @FXML
    private Label totalSpend;
    @FXML
    private Label totalSaved;
    @FXML
    private Label totalRequests;
    @FXML
    private Label totalCalls;
    @FXML
    private Label totalCache;
    @FXML
    private Label totalTokens;
    @FXML
    private BarChart<String, Number> chart;
    @FXML
    private TableView<CostReport.Row> byModel;
    @FXML
    private TableView<CostReport.Row> byUser;

    private CostReport shown;
    private long shownAtNanos;

    public CostsController(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    @FXML
    private void initialize() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (DatePicker p : List.of(from, to)) {
            p.setConverter(new IsoDates());
            p.getEditor().textProperty().addListener((o, a, b) -> check());
        }
        from.setValue(today.withDayOfMonth(1));
        to.setValue(today);
        columns(byModel, "Model");
        columns(byUser, "User");
        chart.setCategoryGap(4);
        chart.setBarGap(1);
        // Dollars on the axis too, as everywhere else (its ticks are round: "$0.25", "$1.50").
        if (chart.getYAxis() instanceof javafx.scene.chart.NumberAxis y) {
            y.setTickLabelFormatter(new javafx.scene.chart.NumberAxis.DefaultFormatter(y, "$", null));
            y.setLabel(null);
        }
        if (ctx.engine().ledger().queries() == null) {
            for (javafx.scene.control.Control c : List.of(run, exportCsv, exportPdf, from, to, user, model, plan)) {
                c.setDisable(true);
            }
            status.setText("The cost ledger is off in this config (ledger.enabled: false): there is nothing to report.");
            return;
        }
        model.getItems().setAll(ctx.engine().config().models().keySet());
        run.sceneProperty().addListener((o, a, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), this::run);
            }
        });
        loadSuggestions();
    }

    private void loadSuggestions() {
        LedgerQueries q = ctx.engine().ledger().queries();
        ctx.background().run("load report filters", () -> List.of(q.distinct("user_name", 1_000),
                q.distinct("model", 200), q.distinct("plan", 200)), lists -> {
                    user.getItems().setAll(lists.get(0));
                    List<String> models = new java.util.ArrayList<>(ctx.engine().config().models().keySet());
                    lists.get(1).stream().filter(m -> !models.contains(m)).forEach(models::add);
                    model.getItems().setAll(models);
                    plan.getItems().setAll(lists.get(2));
                }, e -> status.setText("Could not read the ledger's users and models: " + e));
    }

    private static void columns(TableView<CostReport.Row> t, String first) {
        t.getColumns().setAll(List.of(
                column(first, CostReport.Row::label, 160),
                column("Requests", r -> String.format(Locale.ROOT, "%,d", r.requests()), 90),
                column("Calls", r -> String.format(Locale.ROOT, "%,d", r.providerCalls()), 80),
                column("Spend", r -> Money.ofMicros(r.costMicros()), 90),
                column("Saved", r -> Money.ofMicros(r.savedMicros()), 90)));
        t.setPlaceholder(new Label("Run a report"));
    }

    private static TableColumn<CostReport.Row, String> column(String title, Function<CostReport.Row, String> value,
                                                              double width) {
        TableColumn<CostReport.Row, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        c.setPrefWidth(width);
        if (!title.equals("Model") && !title.equals("User")) {
            c.setStyle("-fx-alignment: CENTER-RIGHT;");
        }
        return c;
    }

    /** Checks the filters as typed; returns the query, or null after showing why not. */
    private ReportQuery check() {
        ReportFilters f = ReportFilters.parse(from.getEditor().getText(), to.getEditor().getText(), text(user),
                text(model), text(plan));
        boolean ok = f.error() == null;
        run.setDisable(!ok);
        exportCsv.setDisable(!ok);
        exportPdf.setDisable(!ok);
        status.getStyleClass().remove("field-error");
        if (!ok) {
            status.getStyleClass().add("field-error");
            status.setText(f.error());
        } else if (status.getText().startsWith("From:")
                || status.getText().startsWith("To:")) {
            status.setText("");
        }
        return f.query();
    }

    private static String text(ComboBox<String> box) {
        String typed = box.getEditor().getText();
        return typed == null ? "" : typed;
    }

    @FXML
    void run() {
        ReportQuery q = check();
        if (q == null) {
            return;
        }
        long started = System.nanoTime();
        working(true);
        ctx.background().run("run the cost report", () -> {
            // Records still in this instance's journal belong in the report.
            ctx.engine().ledger().flush(Duration.ofSeconds(5));
            return ctx.engine().ledger().queries().summarize(q);
        }, report -> {
            working(false);
            show(report);
            status.setText(String.format(Locale.ROOT, "%s to %s UTC, %s: %,d requests (%.2f s). Ctrl+R runs it again.",
                    q.from().atZone(ZoneOffset.UTC).toLocalDate(), q.to().atZone(ZoneOffset.UTC).toLocalDate()
                            .minusDays(1), q.describeFilters(), report.totals().requests(),
                    (System.nanoTime() - started) / 1e9));
        }, e -> {
            working(false);
            status.setText("The report could not run: " + e);
        });
    }

    /** Shows {@code name}'s spend: the user filter set to them and the report run (the command palette's "spend of"). */
    public void showUser(String name) {
        if (run.isDisabled() && shown == null && ctx.engine().ledger().queries() == null) {
            return;
        }
        user.getEditor().setText(name);
        user.setValue(name);
        run();
    }

    /** Runs the report with the filters as they are (Ctrl+R, the palette). */
    public void runReport() {
        run();
    }

    /** The users the ledger knows (loaded in the background when the tab was built), for the command palette. */
    public List<String> knownUsers() {
        return List.copyOf(user.getItems());
    }

    /** True once a report has run and is on screen (the screenshot waits for it rather than show "loading"). */
    public boolean hasReport() {
        return shown != null && !busy.isVisible();
    }

    /** Runs the report when the tab is shown and the figures on it are missing or older than ten seconds. */
    public void refreshIfStale() {
        if (!run.isDisabled() && (shown == null || System.nanoTime() - shownAtNanos > 10_000_000_000L)) {
            run();
        }
    }

    private void show(CostReport r) {
        shown = r;
        shownAtNanos = System.nanoTime();
        CostReport.Row t = r.totals();
        totalSpend.setText(Money.ofMicros(t.costMicros()));
        totalSaved.setText(Money.ofMicros(t.savedMicros()));
        totalRequests.setText(String.format(Locale.ROOT, "%,d", t.requests()));
        totalCalls.setText(String.format(Locale.ROOT, "%,d", t.providerCalls()));
        totalCache.setText(String.format(Locale.ROOT, "%,d", t.cacheAnswers()));
        totalTokens.setText(String.format(Locale.ROOT, "%,d / %,d", t.tokensIn(), t.tokensOut()));
        XYChart.Series<String, Number> spend = new XYChart.Series<>();
        spend.setName("Spend");
        XYChart.Series<String, Number> saved = new XYChart.Series<>();
        saved.setName("Saved by cache");
        boolean hourly = r.bucket().toHours() == 1;
        // Every bucket of the period gets a place on the axis, so quiet days read as quiet, not as missing.
        java.util.Map<String, CostReport.Row> byLabel = new java.util.HashMap<>();
        r.overTime().forEach(row -> byLabel.put(row.label(), row));
        for (java.time.Instant at : r.periodBuckets()) {
            String key = r.label(at);
            CostReport.Row row = byLabel.get(key);
            String label = r.axisLabel(at);
            spend.getData().add(new XYChart.Data<>(label, row == null ? 0 : Micros.usd(row.costMicros())));
            saved.getData().add(new XYChart.Data<>(label, row == null ? 0 : Micros.usd(row.savedMicros())));
        }
        chart.getXAxis().setLabel(hourly ? "hour (UTC)" : "day (UTC)");
        chart.getData().setAll(List.of(spend, saved));
        byModel.setItems(FXCollections.observableArrayList(r.byModel()));
        byUser.setItems(FXCollections.observableArrayList(r.topUsers()));
    }

    /** The report on screen, for tests. */
    CostReport shown() {
        return shown;
    }

    @FXML
    private void exportCsv() {
        Path file = choose("CSV", "*.csv", "cost-report.csv");
        if (file != null) {
            export(file, true);
        }
    }

    @FXML
    private void exportPdf() {
        Path file = choose("PDF", "*.pdf", "cost-report.pdf");
        if (file != null) {
            export(file, false);
        }
    }

    private Path choose(String kind, String pattern, String name) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export the cost report as " + kind);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind, pattern));
        fc.setInitialFileName(name);
        java.io.File f = fc.showSaveDialog(run.getScene().getWindow());
        return f == null ? null : f.toPath();
    }

    /** Writes the current filters' report to {@code file}: CSV, one row per request, or the PDF summary. */
    void export(Path file, boolean csv) {
        ReportQuery q = check();
        if (q == null) {
            return;
        }
        long started = System.nanoTime();
        working(true);
        LedgerQueries queries = ctx.engine().ledger().queries();
        ctx.background().run("export the cost report", () -> {
            ctx.engine().ledger().flush(Duration.ofSeconds(5));
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".export", ".tmp");
            try {
                String what;
                try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                    if (csv) {
                        Writer w = new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8);
                        long rows;
                        try (CsvExport out = CsvExport.to(w)) {
                            rows = queries.stream(q, out::write);
                        }
                        w.flush();
                        what = String.format(Locale.ROOT, "%,d rows", rows);
                    } else {
                        CostReport r = queries.summarize(q);
                        PdfReport.write(r, os);
                        what = String.format(Locale.ROOT, "%,d requests", r.totals().requests());
                    }
                }
                // A half-written export never replaces a good file.
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return what;
            } finally {
                Files.deleteIfExists(tmp);
            }
        }, what -> {
            working(false);
            ctx.notifier().info(String.format(Locale.ROOT, "Exported %s to %s (%.1f s)", what, file,
                    (System.nanoTime() - started) / 1e9));
        }, e -> {
            working(false);
            ctx.notifier().error("Could not export to " + file + ": " + e);
        });
    }

    private void working(boolean on) {
        busy.setVisible(on);
        run.setDisable(on);
        exportCsv.setDisable(on);
        exportPdf.setDisable(on);
    }


    /** ISO dates both ways; a bad typed date gives null here and an inline error from {@link #check}. */
    private static final class IsoDates extends StringConverter<LocalDate> {
        @Override
        public String toString(LocalDate d) {
            return d == null ? "" : d.toString();
        }

        @Override
        public LocalDate fromString(String s) {
            try {
                return s == null || s.isBlank() ? null : LocalDate.parse(s.strip());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
