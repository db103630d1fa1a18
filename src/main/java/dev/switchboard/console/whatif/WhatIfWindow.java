package dev.switchboard.console.whatif;

import dev.switchboard.console.ConsoleContext;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.replay.Observed;
import dev.switchboard.replay.WhatIf;
import dev.switchboard.replay.WhatIfResult;
import dev.switchboard.workload.Workload;
import dev.switchboard.workload.WorkloadReader;
import java.io.File;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The what-if window for one draft: the workload (offered by {@link Workloads}, or chosen), the run on a background
 * thread with a progress bar and Cancel, then both reports side by side with the differences coloured (better
 * green, worse amber) and both engines over the workload's timeline; Apply hands back to the editor, Discard closes.
 * The FX thread only lays out what the run returns: reading the workload and the run happen off it.
 */
public final class WhatIfWindow {
    private static final String CSS = "/styles/whatif.css";

    private final ConsoleContext ctx;
    private final String what;
    private final SwitchboardConfig current;
    private final SwitchboardConfig proposed;
    private final Runnable apply;
    private final Stage stage = new Stage();

    private final TextField workload = new TextField();
    private final Button choose = new Button("Choose…");
    private final Button run = new Button("Run");
    private final ProgressBar progress = new ProgressBar(0);
    private final Button cancel = new Button("Cancel");
    private final Label status = new Label();
    private final Label summary = new Label();
    private final TableView<WhatIfRows.Row> table = new TableView<>();
    private final ChoiceBox<WhatIfRows.Series> series = new ChoiceBox<>(
            FXCollections.observableArrayList(WhatIfRows.Series.values()));
    private final NumberAxis timeAxis = new NumberAxis();
    private final NumberAxis valueAxis = new NumberAxis();
    private final LineChart<Number, Number> chart = new LineChart<>(timeAxis, valueAxis);
    private final Label notes = new Label();
    private final Button applyButton = new Button("Apply");
    private final Button discard = new Button("Discard");

    /** The run in progress, for Cancel; touched on the FX thread only. */
    private WhatIf running;
    private WhatIfResult result;

    private WhatIfWindow(ConsoleContext ctx, Window owner, String what, SwitchboardConfig current,
                         SwitchboardConfig proposed, Runnable apply) {
        this.ctx = ctx;
        this.what = what;
        this.current = current;
        this.proposed = proposed;
        this.apply = apply;
        stage.setTitle("Try before apply: " + what);
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        Scene scene = new Scene(layout(), 1180, 760);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
            if (owner.getScene().getRoot() != null) {
                scene.getStylesheets().addAll(owner.getScene().getRoot().getStylesheets());
            }
        }
        var css = WhatIfWindow.class.getResource(CSS);
        if (css != null) {
            scene.getStylesheets().add(css.toExternalForm());
        }
        scene.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                e.consume();
                discard();
            }
        });
        stage.setScene(scene);
        stage.setOnHidden(e -> stopRun());
    }

    /** Opens the window for {@code proposed} and starts a run on the first workload offered (or asks for one). */
    public static WhatIfWindow open(ConsoleContext ctx, Window owner, String what, SwitchboardConfig current,
                                    SwitchboardConfig proposed, Runnable apply) {
        WhatIfWindow w = new WhatIfWindow(ctx, owner, what, current, proposed, apply);
        w.stage.show();
        w.offerWorkload();
        return w;
    }

    public Stage stage() {
        return stage;
    }

    /** The last run's result, or null before one ends. */
    public WhatIfResult result() {
        return result;
    }

    private BorderPane layout() {
        Label title = new Label("Try before apply: " + what);
        title.getStyleClass().add("section-title");
        Label intro = new Label("Runs the workload through two sandboxed engines, the running settings and this draft, "
                + "with the simulator standing in for every provider: nothing is sent to a provider or written to the "
                + "live caches or the ledger.");
        intro.getStyleClass().add("hint");
        intro.setWrapText(true);

        workload.setId("whatifWorkload");
        workload.setPromptText("a JSON Lines workload file");
        HBox.setHgrow(workload, Priority.ALWAYS);
        choose.setId("whatifChoose");
        choose.setOnAction(e -> chooseWorkload());
        run.setId("whatifRun");
        run.setOnAction(e -> startRun());
        Label wl = new Label("Workload");
        HBox workloadRow = new HBox(8, wl, workload, choose, run);
        workloadRow.setAlignment(Pos.CENTER_LEFT);

        progress.setId("whatifProgress");
        progress.setPrefWidth(320);
        cancel.setId("whatifCancel");
        cancel.setDisable(true);
        cancel.setOnAction(e -> cancelRun());
        status.setId("whatifStatus");
        status.setWrapText(true);
        HBox progressRow = new HBox(8, progress, cancel, status);
        progressRow.setAlignment(Pos.CENTER_LEFT);

        summary.setId("whatifSummary");
        summary.setWrapText(true);
        table.setId("whatifTable");
        table.setPlaceholder(new Label("The two reports appear here once the run ends."));
        table.getColumns().add(column("Figure", WhatIfRows.Row::label, 210, null));
        table.getColumns().add(column("Running", WhatIfRows.Row::current, 120, null));
        table.getColumns().add(column("Draft", WhatIfRows.Row::draft, 120, "draft-cell"));
        table.getColumns().add(column("Change", WhatIfRows.Row::change, 120, "change-cell"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(WhatIfRows.Row row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeAll("whatif-better", "whatif-worse", "whatif-changed", "whatif-same");
                if (!empty && row != null) {
                    getStyleClass().add("whatif-" + row.verdict().name().toLowerCase(Locale.ROOT));
                }
            }
        });
        table.setPrefWidth(560);
        VBox.setVgrow(table, Priority.ALWAYS);

        series.setId("whatifSeries");
        series.setValue(WhatIfRows.Series.HIT_RATE);
        series.valueProperty().addListener((o, was, now) -> drawChart());
        chart.setId("whatifChart");
        chart.setCreateSymbols(false);
        chart.setAnimated(false);
        chart.setTitle("Both engines over the workload's timeline");
        timeAxis.setLabel("workload time (s)");
        timeAxis.setForceZeroInRange(true);
        valueAxis.setForceZeroInRange(true);
        VBox.setVgrow(chart, Priority.ALWAYS);
        Label show = new Label("Show");
        HBox seriesRow = new HBox(8, show, series);
        seriesRow.setAlignment(Pos.CENTER_LEFT);
        VBox right = new VBox(6, seriesRow, chart);
        HBox.setHgrow(right, Priority.ALWAYS);
        VBox left = new VBox(6, table);
        HBox results = new HBox(12, left, right);
        VBox.setVgrow(results, Priority.ALWAYS);

        notes.setId("whatifNotes");
        notes.getStyleClass().add("hint");
        notes.setWrapText(true);

        applyButton.setId("whatifApply");
        applyButton.setDefaultButton(true);
        applyButton.getStyleClass().add("whatif-apply");
        applyButton.setOnAction(e -> applyDraft());
        discard.setId("whatifDiscard");
        discard.setOnAction(e -> discard());
        Label applyHint = new Label("Apply changes the running engine and saves the config file, as the editor's "
                + "Apply does; Discard (Esc) keeps the running settings and the draft in the editor.");
        applyHint.getStyleClass().add("hint");
        applyHint.setWrapText(true);
        HBox.setHgrow(applyHint, Priority.ALWAYS);
        // The hint wraps, the buttons never shrink to "Disc...".
        for (Button b : new Button[] {discard, applyButton, choose, run, cancel}) {
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        HBox buttons = new HBox(8, applyHint, discard, applyButton);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        VBox top = new VBox(8, title, intro, workloadRow, progressRow, summary);
        VBox bottom = new VBox(8, notes, buttons);
        BorderPane root = new BorderPane(results, top, null, bottom, null);
        BorderPane.setMargin(results, new Insets(8, 0, 8, 0));
        root.getStyleClass().add("whatif");
        return root;
    }

    private static TableColumn<WhatIfRows.Row, String> column(String name,
                                                             java.util.function.Function<WhatIfRows.Row, String> f,
                                                             double width, String cellClass) {
        TableColumn<WhatIfRows.Row, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(f.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        if (cellClass != null) {
            c.getStyleClass().add(cellClass);
        }
        return c;
    }

    /** Finds the workload to offer off the FX thread (it checks files), then runs on it or asks for one. */
    private void offerWorkload() {
        status.setText("Looking for a workload…");
        ctx.background().run("Find a workload", () -> java.util.Optional.ofNullable(Workloads.first(ctx.engine())),
                found -> {
                    if (found.isPresent()) {
                        workload.setText(found.get().toString());
                        startRun();
                    } else {
                        status.setText("Choose a workload to run: a recording, or any JSON Lines workload.");
                        if (stage.isShowing()) {
                            chooseWorkload();
                        }
                    }
                }, msg -> status.setText("Choose a workload to run."));
    }

    private void chooseWorkload() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Workload for the what-if");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON Lines workloads", "*.jsonl", "*.json"));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("All files", "*"));
        String typed = workload.getText() == null ? "" : workload.getText().trim();
        File dir = typed.isEmpty() ? ctx.workloadDir().toFile() : new File(typed).getAbsoluteFile().getParentFile();
        if (dir != null && dir.isDirectory()) {
            chooser.setInitialDirectory(dir);
        }
        File f = chooser.showOpenDialog(stage);
        if (f != null) {
            workload.setText(f.getPath());
            startRun();
        }
    }

    /** Starts a run on the workload typed; one at a time. */
    public void startRun() {
        if (running != null) {
            return;
        }
        String typed = workload.getText() == null ? "" : workload.getText().trim();
        if (typed.isEmpty()) {
            status.setText("Workload: choose a JSON Lines file to run the two engines on.");
            return;
        }
        Path path = Path.of(typed);
        WhatIf whatIf = WhatIf.of(current, proposed);
        running = whatIf;
        run.setDisable(true);
        choose.setDisable(true);
        cancel.setDisable(false);
        progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
        status.setText("Reading " + path.getFileName() + "…");
        var snapshot = ctx.engine().snapshot();
        Task<WhatIfResult> task = new Task<>() {
            @Override
            protected WhatIfResult call() throws Exception {
                Workload w = read(path);
                if (w.entries().isEmpty()) {
                    throw new IllegalArgumentException("The workload " + path.getFileName() + " has no requests"
                            + (w.problems().isEmpty() ? "" : " (" + w.problems().size() + " lines could not be read)") + ".");
                }
                Workloads.remember(path);
                updateMessage(String.format(Locale.ROOT, "Running %,d requests through both engines…",
                        w.entries().size()));
                updateProgress(0, 1);
                // updateProgress coalesces: the FX thread sees at most one update per pulse.
                whatIf.observed(Observed.from(snapshot, current.simulated())).progress(f -> updateProgress(f, 1));
                return whatIf.run(w);
            }
        };
        task.messageProperty().addListener((o, was, now) -> {
            if (running == whatIf && now != null && !now.isEmpty()) {
                status.setText(now);
            }
        });
        progress.progressProperty().bind(task.progressProperty());
        task.setOnSucceeded(e -> finished(whatIf, task.getValue(), null));
        task.setOnFailed(e -> finished(whatIf, null, task.getException()));
        Thread t = new Thread(task, "whatif-" + what.toLowerCase(Locale.ROOT).replace(' ', '-'));
        t.setDaemon(true);
        t.start();
    }

    private static Workload read(Path path) throws IOException {
        try {
            return WorkloadReader.read(path);
        } catch (NoSuchFileException e) {
            throw new IOException("The workload " + path + " does not exist.", e);
        } catch (IOException e) {
            throw new IOException("Could not read the workload " + path.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private void finished(WhatIf whatIf, WhatIfResult r, Throwable failure) {
        if (running != whatIf) {
            return;
        }
        running = null;
        progress.progressProperty().unbind();
        run.setDisable(false);
        run.setText("Run again");
        choose.setDisable(false);
        cancel.setDisable(true);
        if (failure != null) {
            progress.setProgress(0);
            status.setText(sentence(failure));
            return;
        }
        progress.setProgress(r.cancelled() ? progress.getProgress() : 1);
        status.setText(r.cancelled() ? "Cancelled: the figures cover the requests sent until then."
                : String.format(Locale.ROOT, "Done in %.1f s.", r.wallSeconds()));
        show(r);
    }

    /** The failure as the operator reads it: its own sentence where it has one, never a stack trace. */
    static String sentence(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && (c.getMessage() == null || c instanceof java.util.concurrent.ExecutionException)) {
            c = c.getCause();
        }
        String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
        if (m.startsWith("The workload") || m.startsWith("Could not read")) {
            return m;
        }
        return "The what-if did not finish: " + m + (m.endsWith(".") ? "" : ".");
    }

    private void show(WhatIfResult r) {
        result = r;
        summary.setText(WhatIfRows.summary(r));
        table.getItems().setAll(WhatIfRows.rows(r));
        drawChart();
        notes.setText(r.proposedNotes().isEmpty() ? "" : "Sandboxed: " + String.join("; ", r.proposedNotes()));
    }

    private void drawChart() {
        chart.getData().clear();
        if (result == null) {
            return;
        }
        WhatIfRows.Series s = series.getValue();
        XYChart.Series<Number, Number> a = new XYChart.Series<>();
        a.setName("running");
        XYChart.Series<Number, Number> b = new XYChart.Series<>();
        b.setName("draft");
        for (WhatIfResult.Point p : result.timeline()) {
            double at = p.atMs() / 1000.0;
            a.getData().add(new XYChart.Data<>(at, s.of(p.current())));
            b.getData().add(new XYChart.Data<>(at, s.of(p.proposed())));
        }
        valueAxis.setLabel(s.label);
        chart.getData().add(a);
        chart.getData().add(b);
    }

    public void cancelRun() {
        WhatIf w = running;
        if (w != null) {
            w.cancel();
            cancel.setDisable(true);
            status.setText("Cancelling: the requests in flight finish, the rest are not sent…");
        }
    }

    private void stopRun() {
        WhatIf w = running;
        if (w != null) {
            w.cancel();
        }
    }

    private void applyDraft() {
        stopRun();
        stage.close();
        apply.run();
    }

    private void discard() {
        stopRun();
        stage.close();
    }
}
