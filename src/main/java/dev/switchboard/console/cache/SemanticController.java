package dev.switchboard.console.cache;

import dev.switchboard.console.ConfigEdits;
import dev.switchboard.console.ConsoleContext;
import dev.switchboard.console.FormFeedback;
import dev.switchboard.engine.EngineSnapshot;
import dev.switchboard.engine.cache.semantic.AcceptanceRule;
import dev.switchboard.engine.cache.semantic.Calibration;
import dev.switchboard.engine.cache.semantic.SemanticSettings;
import dev.switchboard.engine.cache.semantic.SemanticSnapshot;
import dev.switchboard.engine.cache.semantic.SemanticSnapshot.Recent;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.VBox;

/**
 * The Cache tab's semantic section. The editor sets the switch and how the threshold is chosen (a maximum
 * false-hit rate read off the calibration, or a fixed threshold), checked as typed ({@link SemanticForm}) and shown
 * as what it implies on the calibration before it is applied; Apply goes through {@link ConfigEdits} like every
 * editor. The chart draws the calibration with the running and the edited threshold. The inspector lists the
 * engine's recent lookups from the snapshots, newest first. The calibration table is read off the FX thread, once
 * per model (or named file).
 */
public final class SemanticController {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private static final String PICK = "Select a lookup to see both prompts in full and what the decision means.";

    private final ConsoleContext ctx;

    @FXML
    private VBox semEditor;
    @FXML
    private Label semStatus;
    @FXML
    private CheckBox semEnabled;
    @FXML
    private ToggleGroup semMode;
    @FXML
    private RadioButton semModeRate;
    @FXML
    private RadioButton semModeThreshold;
    @FXML
    private Label semValueLabel;
    @FXML
    private TextField semValue;
    @FXML
    private Label semValueError;
    @FXML
    private Label semImplies;
    @FXML
    private Label semRunning;
    @FXML
    private Label semWarnings;
    @FXML
    private Button semApply;
    @FXML
    private Button semRevert;
    @FXML
    private Label semApplyStatus;
    @FXML
    private CalibrationChart semChart;
    @FXML
    private Label semChartNote;
    @FXML
    private ChoiceBox<NearMisses.Filter> semFilter;
    @FXML
    private Label semRecentCount;
    @FXML
    private TableView<Recent> semRecent;
    @FXML
    private TableColumn<Recent, String> semTime;
    @FXML
    private TableColumn<Recent, String> semPrompt;
    @FXML
    private TableColumn<Recent, String> semCandidate;
    @FXML
    private TableColumn<Recent, String> semSimilarity;
    @FXML
    private TableColumn<Recent, String> semOutcome;
    @FXML
    private TableColumn<Recent, String> semReason;
    @FXML
    private Label semDetail;

    private SemanticForm.Result current;
    private SemanticForm.Table table = SemanticForm.Table.LOADING;
    /** The model (and named file) whose table is loaded or loading. */
    private String tableFor;
    private SemanticSettings lastRunning;
    private List<Recent> lastRecent = List.of();
    /** The snapshot's lookups changed since the table was last filled. */
    private boolean stale;
    /** Set while the fields are filled from a config, so the mode's listener does not convert the value. */
    private boolean loading;

    public SemanticController(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    @FXML
    private void initialize() {
        dev.switchboard.console.whatif.TryBeforeApply.install(ctx, semApply, "semTry", () -> current == null || !current.ready() ? null : current.edit(), "Semantic cache settings",
                this::apply);
        semEnabled.selectedProperty().addListener((o, was, now) -> recheck());
        semValue.textProperty().addListener((o, was, now) -> recheck());
        semMode.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                // A radio group must keep one chosen: clicking the chosen one again does not clear it.
                semMode.selectToggle(was);
                return;
            }
            if (!loading) {
                convertValue();
            }
            recheck();
        });
        // Enter in the value applies; Esc anywhere in the editor drops the edits.
        semValue.setOnAction(e -> apply());
        semEditor.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                revert();
                e.consume();
            }
        });
        // Lines with nothing to say take no room, so the editor fits above the inspector without scrolling.
        for (Label l : List.of(semValueError, semWarnings)) {
            l.managedProperty().bind(l.textProperty().isNotEmpty());
        }
        setUpInspector();
        lastRunning = ctx.engine().config().semantic();
        load(lastRunning);
        loadTable(lastRunning);
        ctx.poller().addListener(this::show);
    }

    private void setUpInspector() {
        semFilter.setItems(FXCollections.observableArrayList(NearMisses.Filter.values()));
        semFilter.getSelectionModel().select(NearMisses.Filter.ALL);
        semFilter.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> refill());
        semTime.setCellValueFactory(c -> text(CLOCK.format(Instant.ofEpochMilli(c.getValue().atMillis()))));
        semPrompt.setCellValueFactory(c -> text(c.getValue().prompt()));
        semCandidate.setCellValueFactory(c -> text(c.getValue().candidate() == null ? "(nothing cached)"
                : c.getValue().candidate()));
        semSimilarity.setCellValueFactory(c -> text(NearMisses.similarity(c.getValue())));
        semOutcome.setCellValueFactory(c -> text(NearMisses.outcome(c.getValue())));
        semReason.setCellValueFactory(c -> text(NearMisses.reason(c.getValue())));
        semOutcome.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                getStyleClass().removeAll("outcome-served", "outcome-refused", "outcome-miss");
                if (!empty && item != null) {
                    getStyleClass().add("outcome-" + item);
                }
            }
        });
        semRecent.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> semDetail.setText(
                now == null ? PICK : NearMisses.describe(now, ctx.engine().config().semantic().floor())));
        semDetail.setText(PICK);
        refill();
    }

    private static ReadOnlyStringWrapper text(String s) {
        return new ReadOnlyStringWrapper(s);
    }

    private void load(SemanticSettings s) {
        loading = true;
        try {
            semEnabled.setSelected(s.enabled());
            semMode.selectToggle(SemanticForm.Mode.of(s) == SemanticForm.Mode.THRESHOLD ? semModeThreshold
                    : semModeRate);
            semValue.setText(SemanticForm.valueText(s));
        } finally {
            loading = false;
        }
        recheck();
    }

    private SemanticForm.Mode mode() {
        return semModeThreshold.isSelected() ? SemanticForm.Mode.THRESHOLD : SemanticForm.Mode.MAX_FALSE_RATE;
    }

    /**
     * Switching the mode carries the setting over where the calibration can: a rate becomes the threshold it
     * implies, a threshold the false-hit rate measured there, so a switch alone changes nothing that runs.
     */
    private void convertValue() {
        SemanticForm.Implication was = current == null ? null : current.implies();
        SemanticSettings running = ctx.engine().config().semantic();
        if (mode() == SemanticForm.Mode.THRESHOLD) {
            if (was != null && was.threshold() != null && Double.isFinite(was.threshold())) {
                semValue.setText(String.format(Locale.ROOT, "%.4f", was.threshold()).replaceAll("0+$", "")
                        .replaceAll("\\.$", ""));
            } else if (running.threshold() != null) {
                semValue.setText(SemanticForm.valueText(running));
            }
        } else {
            if (was != null && was.row() != null && was.row().falseHitRate() > 0) {
                semValue.setText(String.format(Locale.ROOT, "%.5f", was.row().falseHitRate())
                        .replaceAll("0+$", ""));
            } else {
                semValue.setText(SemanticForm.valueText(running.maxFalseRate() != null ? running
                        : SemanticSettings.defaults()));
            }
        }
    }

    private void recheck() {
        if (semApply == null || semMode.getSelectedToggle() == null) {
            return;
        }
        SemanticForm.Mode mode = mode();
        current = SemanticForm.check(ctx.engine().config(), semEnabled.isSelected(), mode, semValue.getText(),
                table);
        semValueLabel.setText(mode.field());
        FormFeedback.fieldError(semValue, semValueError, current.errors().get(mode.field()));
        semImplies.setText(current.implies() == null ? "" : current.implies().text());
        semWarnings.setText(String.join("\n", current.warnings()));
        SemanticSettings running = ctx.engine().config().semantic();
        SemanticForm.Implication now = SemanticForm.implication(running, table);
        semRunning.setText("Running: " + (running.enabled() ? "" : "off; ") + now.text());
        // The semantic section only: an edit applied meanwhile on another tab is not this editor's change.
        boolean changed = current.valid() && !current.config().semantic().equals(running);
        semApply.setDisable(!(changed && current.ready()));
        FormFeedback.applyStatus(semApplyStatus, changed, current.valid());
        semChart.mark(now.threshold(), current.implies() == null ? null : current.implies().threshold());
    }

    /** Reads the calibration for {@code s} off the FX thread, unless it is the one already read. */
    private void loadTable(SemanticSettings s) {
        String key = s.model() + "|" + Objects.toString(s.calibration(), "");
        if (key.equals(tableFor)) {
            return;
        }
        tableFor = key;
        table = SemanticForm.Table.LOADING;
        semChartNote.setText("Reading the calibration for " + s.model() + "…");
        ctx.background().run("Read the semantic calibration", () -> read(s), t -> {
            if (!key.equals(tableFor)) {
                return;
            }
            table = t;
            semChart.show(t.table());
            semChartNote.setText(t.table() == null ? t.problem() : note(s, t.table()));
            recheck();
        });
    }

    private static SemanticForm.Table read(SemanticSettings s) {
        try {
            return new SemanticForm.Table(AcceptanceRule.calibration(s), null);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            String why = e instanceof UncheckedIOException u && u.getCause() != null
                    ? e.getMessage() + ": " + u.getCause().getMessage() : e.getMessage();
            return new SemanticForm.Table(null, why.startsWith(SemanticForm.MAX_FALSE_RATE + ":") ? why
                    : SemanticForm.MAX_FALSE_RATE + ": " + why);
        }
    }

    /** Where the table comes from, from its own comment lines ("pairs qqp-pairs-dev.jsonl (20000), model ..."). */
    static String note(SemanticSettings s, Calibration c) {
        String pairs = c.comments().stream().filter(l -> l.startsWith("pairs ")).findFirst()
                .map(l -> l.substring("pairs ".length()).split(",")[0].strip()).orElse("");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\S+) \\((\\d+)\\)").matcher(pairs);
        String source = m.matches() ? String.format(Locale.ROOT, "%,d labelled pairs (%s)",
                Long.parseLong(m.group(2)), m.group(1)) : pairs;
        return (s.calibration() == null ? "Calibration shipped for " + s.model() : "Calibration " + s.calibration())
                + (source.isEmpty() ? "" : ", measured on " + source) + ".";
    }

    private void show(EngineSnapshot snapshot) {
        SemanticSnapshot s = snapshot.semantic();
        semStatus.setText(status(s));
        semStatus.getStyleClass().setAll("label", s.enabled() && s.failure() != null ? "field-error" : "hint");
        SemanticSettings running = ctx.engine().config().semantic();
        if (!running.equals(lastRunning)) {
            // Applied here or elsewhere: the running line and its marker follow; unapplied edits stay.
            lastRunning = running;
            loadTable(running);
            recheck();
        }
        if (!s.recent().equals(lastRecent)) {
            lastRecent = s.recent();
            stale = true;
        }
        // Hidden, the table is not refilled: up to 200 rows four times a second is FX-thread work nobody sees.
        if (stale && showing()) {
            stale = false;
            refill();
        }
    }

    /** Whether the inspector is on screen: its tab and the Cache tab selected (a hidden tab's content is invisible). */
    private boolean showing() {
        for (javafx.scene.Node n = semRecent; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return semRecent.getScene() != null;
    }

    static String status(SemanticSnapshot s) {
        String index = String.format(Locale.ROOT, "%,d prompts in the index (%s)", s.entries(), bytes(s.approxBytes()));
        if (!s.enabled()) {
            return "Off · model " + s.model() + " · " + index;
        }
        if (s.failure() != null) {
            return "Model " + s.model() + " failed to load: " + s.failure();
        }
        return String.format(Locale.ROOT, "Model %s%s · %s · %,d lookups: %,d served, %,d refused, %,d missed",
                s.model(), s.loaded() ? "" : " loading…", index, s.lookups(), s.hits(), s.refusals(), s.misses());
    }

    private static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", b / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", b / (1024.0 * 1024));
    }

    /** Lists the lookups the filter keeps, keeping the selected one selected if it is still there. */
    private void refill() {
        Recent selected = semRecent.getSelectionModel().getSelectedItem();
        NearMisses.Filter f = semFilter.getValue() == null ? NearMisses.Filter.ALL : semFilter.getValue();
        List<Recent> shown = NearMisses.filter(lastRecent, f);
        semRecent.getItems().setAll(shown);
        if (selected != null && shown.contains(selected)) {
            semRecent.getSelectionModel().select(selected);
        }
        semRecentCount.setText(String.format(Locale.ROOT, "%,d of the last %,d lookups", shown.size(),
                lastRecent.size()));
    }

    @FXML
    public void apply() {
        SemanticForm.Result r = current;
        if (r == null || !r.ready()) {
            return;
        }
        if (r.config().semantic().equals(ctx.engine().config().semantic())) {
            semApplyStatus.setText("Nothing to apply: these are the running settings.");
            return;
        }
        semApply.setDisable(true);
        ConfigEdits.applyAndSave(ctx, r.edit(), "Semantic cache settings", semApplyStatus, this::recheck);
    }

    @FXML
    public void revert() {
        load(ctx.engine().config().semantic());
        semApplyStatus.setText("Reverted to the running settings.");
    }
}
