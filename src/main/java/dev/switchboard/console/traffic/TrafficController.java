package dev.switchboard.console.traffic;

import dev.switchboard.console.ConsoleContext;
import dev.switchboard.replay.ReplayControl;
import dev.switchboard.replay.ReplayOptions;
import dev.switchboard.replay.ReplayReport;
import dev.switchboard.replay.ReplayRunner;
import dev.switchboard.workload.Workload;
import dev.switchboard.workload.WorkloadReader;
import java.io.File;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.FileChooser;
import javafx.util.Duration;

/**
 * Replays a workload file through the running engine: start, pause, stop, with progress, rate and time left.
 * The replay runs off the FX thread; a 4 Hz timeline reads its counters.
 */
public final class TrafficController {
    static final String MAX_RATE = "max rate";

    private final ConsoleContext ctx;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private final Timeline ticker = new Timeline(new KeyFrame(Duration.millis(250), e -> showProgress()));
    private ReplayControl control;
    private long startedNanos;
    private long pausedAtNanos;
    private long pausedNanos;

    @FXML
    private TextField workloadPath;
    @FXML
    private ComboBox<String> speed;
    @FXML
    private Button startButton;
    @FXML
    private Button pauseButton;
    @FXML
    private Button stopButton;
    @FXML
    private Label formError;
    @FXML
    private ProgressBar progress;
    @FXML
    private Label progressText;
    @FXML
    private TableView<ReportRows.Figure> report;
    @FXML
    private TableColumn<ReportRows.Figure, String> figureName;
    @FXML
    private TableColumn<ReportRows.Figure, String> figureValue;
    @FXML
    private TableView<ReportRows.Latency> latency;
    @FXML
    private TableColumn<ReportRows.Latency, String> latBy;
    @FXML
    private TableColumn<ReportRows.Latency, String> latCount;
    @FXML
    private TableColumn<ReportRows.Latency, String> latP50;
    @FXML
    private TableColumn<ReportRows.Latency, String> latP95;
    @FXML
    private TableColumn<ReportRows.Latency, String> latP99;
    @FXML
    private TableColumn<ReportRows.Latency, String> latMax;
    @FXML
    private Label reportTitle;
    @FXML
    private Button copyReport;
    private String reportText;

    public TrafficController(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    @FXML
    private void initialize() {
        speed.getItems().addAll("1×", "2×", "5×", "10×", "50×", MAX_RATE);
        speed.setValue("1×");
        ticker.setCycleCount(Timeline.INDEFINITE);
        Path demo = ctx.workloadDir().resolve("demo-workload.jsonl");
        workloadPath.setText(demo.toString());
        column(figureName, ReportRows.Figure::name);
        column(figureValue, ReportRows.Figure::value);
        column(latBy, ReportRows.Latency::servedBy);
        column(latCount, ReportRows.Latency::count);
        column(latP50, ReportRows.Latency::p50);
        column(latP95, ReportRows.Latency::p95);
        column(latP99, ReportRows.Latency::p99);
        column(latMax, ReportRows.Latency::max);
        report.setPlaceholder(new Label("The report of the last replay appears here. Make more workloads with: "
                + "switchboard workload generate --out FILE"));
        latency.setPlaceholder(new Label("Latency per served-by, after a replay."));
    }

    private static <R> void column(TableColumn<R, String> c, java.util.function.Function<R, String> value) {
        c.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setSortable(false);
    }

    /** The workload file in the field (remembered across starts). */
    public String workload() {
        return workloadPath.getText();
    }

    public void setWorkload(String path) {
        workloadPath.setText(path);
    }

    /** Shows a replay run elsewhere (the screenshot command's --after-replay) as if it had run from here. */
    public void showReport(ReplayReport r, String how) {
        report.getItems().setAll(ReportRows.figures(r));
        latency.getItems().setAll(ReportRows.latency(r));
        reportText = r.toTable();
        copyReport.setDisable(false);
        reportTitle.setText("of " + r.workload());
        progress.setProgress(1);
        progressText.setText(String.format(Locale.ROOT, "Replay %s: %,d requests in %.1f s, hit rate %.1f%%.", how,
                r.requests(), r.wallSeconds(), 100 * r.hitRate()));
    }

    @FXML
    private void copyReport() {
        if (reportText != null) {
            javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
            c.putString(reportText);
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
            ctx.notifier().info("The replay's report is on the clipboard.");
        }
    }

    /** Parses the speed box: a positive number (optionally with ×), or "max rate". */
    static ReplayOptions parseSpeed(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (s.equals(MAX_RATE) || s.equals("max")) {
            return ReplayOptions.maxRate(ReplayOptions.DEFAULT_CONCURRENCY);
        }
        String number = s.endsWith("×") || s.endsWith("x") ? s.substring(0, s.length() - 1).trim() : s;
        double v;
        try {
            v = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Speed: enter a number such as 2 or 10×, or \"max rate\"; got '"
                    + text + "'");
        }
        if (!(v > 0) || v > 10_000) {
            throw new IllegalArgumentException("Speed: must be more than 0 and at most 10000, got " + number);
        }
        return ReplayOptions.timed(v);
    }

    @FXML
    public void browse() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open workload");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("JSON Lines", "*.jsonl", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File dir = ctx.workloadDir().toFile();
        if (dir.isDirectory()) {
            chooser.setInitialDirectory(dir);
        }
        File f = chooser.showOpenDialog(workloadPath.getScene().getWindow());
        if (f != null) {
            workloadPath.setText(f.getPath());
        }
    }

    @FXML
    public void start() {
        ReplayOptions options;
        try {
            options = parseSpeed(speed.getEditor().getText().isBlank() ? speed.getValue() : speed.getEditor().getText());
        } catch (IllegalArgumentException e) {
            formError.setText(e.getMessage());
            return;
        }
        String pathText = workloadPath.getText() == null ? "" : workloadPath.getText().trim();
        if (pathText.isEmpty()) {
            formError.setText("Workload: choose a JSON Lines file");
            return;
        }
        formError.setText("");
        Path path = Path.of(pathText);
        ReplayControl c = new ReplayControl();
        control = c;
        done.set(0);
        total.set(0);
        pausedNanos = 0;
        running(true);
        progressText.setText("Reading " + path.getFileName() + "…");
        ctx.background().run("Replay of " + path.getFileName(), () -> {
            Workload w;
            try {
                w = WorkloadReader.read(path);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("no such file: " + path);
            }
            dev.switchboard.console.whatif.Workloads.remember(path);
            if (!w.problems().isEmpty()) {
                ctx.notifier().error(path.getFileName() + ": skipped " + w.problems().size() + " malformed line(s); first: "
                        + w.problems().get(0));
            }
            total.set(w.entries().size());
            startedNanos = System.nanoTime();
            return new ReplayRunner(ctx.engine(), (d, t) -> done.set(d), c).run(w, options);
        }, this::finished, msg -> {
            running(false);
            progressText.setText(msg);
        });
    }

    private void finished(ReplayReport r) {
        running(false);
        showProgress();
        String how = control != null && control.isStopped() ? "stopped" : "finished";
        showReport(r, how);
        ctx.notifier().info(progressText.getText());
    }

    @FXML
    public void togglePause() {
        ReplayControl c = control;
        if (c == null) {
            return;
        }
        if (c.isPaused()) {
            pausedNanos += System.nanoTime() - pausedAtNanos;
            c.resume();
            pauseButton.setText("Pause");
        } else {
            pausedAtNanos = System.nanoTime();
            c.pause();
            pauseButton.setText("Resume");
        }
    }

    @FXML
    public void stop() {
        ReplayControl c = control;
        if (c != null) {
            c.stop();
            progressText.setText("Stopping after the requests in flight…");
        }
    }

    private void running(boolean on) {
        startButton.setDisable(on);
        pauseButton.setDisable(!on);
        stopButton.setDisable(!on);
        pauseButton.setText("Pause");
        if (on) {
            ticker.playFromStart();
        } else {
            ticker.stop();
        }
    }

    private void showProgress() {
        long n = total.get();
        long d = done.get();
        if (n == 0) {
            progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
            return;
        }
        progress.setProgress((double) d / n);
        ReplayControl c = control;
        if (c != null && c.isPaused()) {
            progressText.setText(String.format(Locale.ROOT, "Paused at %,d / %,d.", d, n));
            return;
        }
        double secs = Math.max(1e-3, (System.nanoTime() - startedNanos - pausedNanos) / 1e9);
        double rate = d / secs;
        double left = rate > 0 ? (n - d) / rate : 0;
        progressText.setText(String.format(Locale.ROOT, "%,d / %,d   %,.0f req/s   %s left", d, n, rate,
                left >= 60 ? String.format(Locale.ROOT, "%d min %02d s", (long) left / 60, (long) left % 60)
                        : String.format(Locale.ROOT, "%.0f s", left)));
    }

    /** For tests: is a replay running? */
    public boolean isRunning() {
        return startButton.isDisabled();
    }

}
