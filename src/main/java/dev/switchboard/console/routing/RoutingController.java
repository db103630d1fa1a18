package dev.switchboard.console.routing;

import dev.switchboard.console.ConfigEdits;
import dev.switchboard.console.ConsoleContext;
import dev.switchboard.console.FormFeedback;
import dev.switchboard.console.Money;
import dev.switchboard.console.ThresholdCurve;
import dev.switchboard.engine.EngineSnapshot;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.route.CascadeRoute;
import dev.switchboard.engine.route.Complexity;
import dev.switchboard.engine.route.Confidence;
import dev.switchboard.engine.route.ExperimentRoute;
import dev.switchboard.engine.route.Route;
import dev.switchboard.engine.routing.Router;
import dev.switchboard.engine.route.RoutingSettings;
import dev.switchboard.engine.routing.RoutingSnapshot;
import dev.switchboard.engine.route.TableRoute;
import dev.switchboard.engine.route.TaskClass;
import dev.switchboard.engine.route.VoteRoute;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;
import javafx.fxml.FXML;
import javafx.geometry.HPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Slider;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * The Routing tab. The list shows the config's routes with their counts from each snapshot; the selected route's
 * editor is the pane for its kind, checked as edited by {@link RouteForm} and applied through {@link ConfigEdits}
 * (Apply, Ctrl+S or Enter; Esc reverts). A table's "Try a prompt" asks the engine which cell a prompt lands in, off
 * the FX thread; a cascade's threshold curve runs {@link ThresholdCurve} on a background task.
 */
public final class RoutingController {
    private static final KeyCombination SAVE = new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN);
    /** The combo boxes' item for a blank cell (it takes otherwise). */
    static final String BLANK = "";

    private final ConsoleContext ctx;

    @FXML
    private Label routingPremium;
    @FXML
    private TableView<RouteFigures.Line> routingRoutes;
    @FXML
    private TableColumn<RouteFigures.Line, String> rrName;
    @FXML
    private TableColumn<RouteFigures.Line, String> rrKind;
    @FXML
    private TableColumn<RouteFigures.Line, String> rrRequests;
    @FXML
    private TableColumn<RouteFigures.Line, String> rrFailures;
    @FXML
    private TableColumn<RouteFigures.Line, String> rrCost;
    @FXML
    private VBox routingEditor;
    @FXML
    private Label routingTitle;
    @FXML
    private Label routingKind;
    @FXML
    private Label routingCounts;
    @FXML
    private VBox routingTablePane;
    @FXML
    private GridPane routingCells;
    @FXML
    private ComboBox<String> routingOtherwise;
    @FXML
    private ComboBox<String> routingFast;
    @FXML
    private TextField routingMaxRequest;
    @FXML
    private TextField routingMax1M;
    @FXML
    private TextField routingTryPrompt;
    @FXML
    private CheckBox routingTryFast;
    @FXML
    private Label routingTryResult;
    @FXML
    private VBox routingCascadePane;
    @FXML
    private ListView<String> routingStages;
    @FXML
    private Slider routingThresholdSlider;
    @FXML
    private TextField routingThreshold;
    @FXML
    private ChoiceBox<Confidence> routingConfidence;
    @FXML
    private TextField routingField;
    @FXML
    private ComboBox<String> routingVerifier;
    @FXML
    private Label routingStageCounts;
    @FXML
    private TableView<ThresholdCurve.Row> routingCurve;
    @FXML
    private Label routingCurvePlaceholder;
    @FXML
    private TableColumn<ThresholdCurve.Row, String> rcThreshold;
    @FXML
    private TableColumn<ThresholdCurve.Row, String> rcCheap;
    @FXML
    private TableColumn<ThresholdCurve.Row, String> rcAccuracy;
    @FXML
    private TableColumn<ThresholdCurve.Row, String> rcCost;
    @FXML
    private Button routingCurveCompute;
    @FXML
    private ProgressBar routingCurveProgress;
    @FXML
    private Button routingCurveCancel;
    @FXML
    private Label routingCurveStatus;
    @FXML
    private VBox routingVotePane;
    @FXML
    private ListView<String> routingVoters;
    @FXML
    private TextField routingVoteField;
    @FXML
    private CheckBox routingEarlyStop;
    @FXML
    private Label routingVoteRequests;
    @FXML
    private Label routingVotesCast;
    @FXML
    private Label routingVotesPer;
    @FXML
    private Label routingStoppedEarly;
    @FXML
    private VBox routingExperimentPane;
    @FXML
    private ComboBox<String> routingArmA;
    @FXML
    private ComboBox<String> routingArmB;
    @FXML
    private Slider routingSplitSlider;
    @FXML
    private TextField routingSplit;
    @FXML
    private TableView<RouteFigures.ArmRow> routingArms;
    @FXML
    private TableColumn<RouteFigures.ArmRow, String> raMetric;
    @FXML
    private TableColumn<RouteFigures.ArmRow, RouteFigures.ArmRow> raA;
    @FXML
    private TableColumn<RouteFigures.ArmRow, RouteFigures.ArmRow> raB;
    @FXML
    private Label routingError;
    @FXML
    private Button routingApply;
    @FXML
    private Button routingRevert;
    @FXML
    private Label routingApplyStatus;

    /** The table's cells, by class and complexity. */
    private final Map<TaskClass, Map<Complexity, ComboBox<String>>> cells = new EnumMap<>(TaskClass.class);
    /** The route being edited; null when none is. */
    private String selected;
    private RouteForm.Result current;
    private boolean loading;
    private boolean syncing;
    private RoutingSettings lastRouting;
    private java.util.Set<String> lastModels;
    private RoutingSnapshot lastSnapshot = RoutingSnapshot.empty();
    private List<RouteFigures.Line> lastLines = List.of();
    /** Curves computed, per cascade route, for as long as the tab lives. */
    private final Map<String, List<ThresholdCurve.Row>> curves = new HashMap<>();
    private Task<List<ThresholdCurve.Row>> curveTask;
    private String hitCell;

    public RoutingController(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    @FXML
    private void initialize() {
        dev.switchboard.console.whatif.TryBeforeApply.install(ctx, routingApply, "routingTry", () -> {
            RouteForm.Result r = current;
            return r == null || !r.valid() ? null : c -> c.withRouting(c.routing().with(r.route()));
        }, "Routes", this::apply);
        bind(rrName, RouteFigures.Line::name);
        bind(rrKind, l -> l.configured() ? l.kind() : l.kind() + " (removed)");
        bind(rrRequests, l -> count(l.requests()));
        bind(rrFailures, l -> count(l.failures()));
        bind(rrCost, l -> Money.usd(l.costUsd()));
        routingRoutes.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (!loading && now != null && !now.name().equals(selected)) {
                load(now.name());
            }
        });
        buildCells();
        setUpCascade();
        setUpExperiment();
        for (ComboBox<String> c : List.of(routingOtherwise, routingFast, routingVerifier, routingArmA, routingArmB)) {
            c.getEditor().textProperty().addListener((o, was, now) -> recheck());
        }
        routingOtherwise.getEditor().textProperty().addListener((o, was, now) -> showOtherwise());
        for (TextField f : List.of(routingMaxRequest, routingMax1M, routingField, routingVoteField)) {
            f.textProperty().addListener((o, was, now) -> recheck());
        }
        routingEarlyStop.selectedProperty().addListener((o, was, now) -> recheck());
        routingEditor.addEventFilter(KeyEvent.KEY_PRESSED, this::keys);
        routingError.managedProperty().bind(routingError.textProperty().isNotEmpty());
        routingTryResult.managedProperty().bind(routingTryResult.textProperty().isNotEmpty());
        rcThreshold.setCellValueFactory(c -> text(RouteForm.threshold(c.getValue().threshold())));
        rcCheap.setCellValueFactory(c -> text(RouteFigures.percent(c.getValue().cheapShare())));
        rcAccuracy.setCellValueFactory(c -> text(RouteFigures.percent(c.getValue().accuracy())));
        rcCost.setCellValueFactory(c -> text(Money.usd(c.getValue().costPerWeekUsd())));

        SwitchboardConfig cfg = ctx.engine().config();
        lastRouting = cfg.routing();
        lastModels = cfg.models().keySet();
        fillChoices(cfg);
        showLines(cfg.routing(), lastSnapshot);
        routingPremium.setText(RouteFigures.premium(lastSnapshot, !cfg.routing().routes().isEmpty()));
        if (cfg.routing().routes().isEmpty()) {
            load(null);
        } else {
            load(cfg.routing().routes().keySet().iterator().next());
        }
        ctx.poller().addListener(this::show);
    }

    private void keys(KeyEvent e) {
        if (e.getCode() == KeyCode.ESCAPE) {
            revert();
            e.consume();
        } else if (SAVE.match(e)) {
            apply();
            e.consume();
        } else if (e.getCode() == KeyCode.ENTER && (e.getTarget() instanceof TextField
                || e.getTarget() instanceof ComboBox<?> c && c.isEditable())) {
            // Enter in a field applies, as Apply does; in the test prompt it asks which cell instead. (An editable
            // box has the focus itself, not its editor: the target is the box.)
            if (e.getTarget() == routingTryPrompt) {
                tryPrompt();
            } else {
                if (e.getTarget() instanceof ComboBox<?> c) {
                    c.commitValue();
                }
                apply();
            }
            e.consume();
        }
    }

    // ---- building the panes ----

    private void buildCells() {
        ColumnConstraints name = new ColumnConstraints();
        name.setMinWidth(110);
        routingCells.getColumnConstraints().add(name);
        Complexity[] xs = Complexity.values();
        for (int i = 0; i < xs.length; i++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setHalignment(HPos.LEFT);
            cc.setMinWidth(150);
            routingCells.getColumnConstraints().add(cc);
            Label head = new Label(xs[i].wireName());
            head.getStyleClass().add("column-head");
            routingCells.add(head, i + 1, 0);
        }
        int row = 1;
        for (TaskClass c : TaskClass.values()) {
            Label n = new Label(c.wireName());
            n.getStyleClass().add("mono");
            routingCells.add(n, 0, row);
            Map<Complexity, ComboBox<String>> line = new EnumMap<>(Complexity.class);
            for (int i = 0; i < xs.length; i++) {
                ComboBox<String> box = new ComboBox<>();
                box.setEditable(true);
                box.setPrefWidth(170);
                box.setId("routingCell-" + c.wireName() + "-" + xs[i].wireName());
                box.getStyleClass().add("routing-cell");
                box.setCellFactory(v -> new TargetCell());
                box.getEditor().textProperty().addListener((o, was, now) -> recheck());
                line.put(xs[i], box);
                routingCells.add(box, i + 1, row);
            }
            cells.put(c, line);
            row++;
        }
    }

    /** A target in a drop-down: the blank item reads as what it means. */
    private final class TargetCell extends ListCell<String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().remove("routing-otherwise-item");
            if (empty || item == null) {
                setText(null);
            } else if (item.isEmpty()) {
                setText("(otherwise: " + otherwiseText() + ")");
                getStyleClass().add("routing-otherwise-item");
            } else {
                setText(item);
            }
        }
    }

    private void setUpCascade() {
        routingConfidence.getItems().setAll(Confidence.values());
        routingConfidence.setConverter(new StringConverter<>() {
            @Override
            public String toString(Confidence c) {
                return c == null ? "" : c.configName();
            }

            @Override
            public Confidence fromString(String s) {
                return Confidence.parse(s);
            }
        });
        routingConfidence.valueProperty().addListener((o, was, now) -> {
            showConfidenceFields(now);
            recheck();
        });
        routingThresholdSlider.valueProperty().addListener((o, was, now) -> {
            if (!syncing) {
                sync(() -> routingThreshold.setText(RouteForm.threshold(Math.round(now.doubleValue() * 100) / 100.0)));
            }
        });
        routingThreshold.textProperty().addListener((o, was, now) -> {
            if (!syncing) {
                try {
                    double v = RouteForm.share(now);
                    sync(() -> routingThresholdSlider.setValue(v));
                } catch (IllegalArgumentException e) {
                    // The form says what is wrong; the slider stays where it was.
                }
            }
            recheck();
        });
    }

    private void setUpExperiment() {
        routingSplitSlider.valueProperty().addListener((o, was, now) -> {
            if (!syncing) {
                sync(() -> routingSplit.setText(Long.toString(Math.round(now.doubleValue()))));
            }
        });
        routingSplit.textProperty().addListener((o, was, now) -> {
            if (!syncing) {
                try {
                    int v = RouteForm.percent(now);
                    sync(() -> routingSplitSlider.setValue(v));
                } catch (IllegalArgumentException e) {
                    // As for the threshold.
                }
            }
            recheck();
        });
        raMetric.setCellValueFactory(c -> text(c.getValue().metric()));
        raA.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        raB.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        raA.setCellFactory(c -> new ArmCell(-1));
        raB.setCellFactory(c -> new ArmCell(1));
    }

    /** An arm's value, marked when it is the better of its row. */
    static final class ArmCell extends TableCell<RouteFigures.ArmRow, RouteFigures.ArmRow> {
        private final int side;

        ArmCell(int side) {
            this.side = side;
        }

        @Override
        protected void updateItem(RouteFigures.ArmRow row, boolean empty) {
            super.updateItem(row, empty);
            getStyleClass().remove("routing-better");
            if (empty || row == null) {
                setText(null);
                return;
            }
            String value = side < 0 ? row.a() : row.b();
            boolean better = row.better() == side;
            setText(better ? "✓ " + value : value);
            if (better) {
                getStyleClass().add("routing-better");
            }
        }
    }

    private void sync(Runnable r) {
        syncing = true;
        try {
            r.run();
        } finally {
            syncing = false;
        }
    }

    /** The drop-downs' choices from the config: models, and for a table's cells also the other routes. */
    private void fillChoices(SwitchboardConfig cfg) {
        List<String> targets = new ArrayList<>();
        targets.add(BLANK);
        targets.addAll(RouteForm.tableTargets(cfg));
        List<String> models = new ArrayList<>(cfg.models().keySet());
        List<String> optionalModels = new ArrayList<>();
        optionalModels.add(BLANK);
        optionalModels.addAll(models);
        cells.values().forEach(line -> line.values().forEach(b -> items(b, targets)));
        items(routingOtherwise, targets.subList(1, targets.size()));
        items(routingFast, optionalModels);
        items(routingVerifier, models);
        items(routingArmA, models);
        items(routingArmB, models);
    }

    /** New items without losing what is typed: an editable box clears its text when its selection goes away. */
    private void items(ComboBox<String> box, List<String> items) {
        if (box.getItems().equals(items)) {
            return;
        }
        String typed = box.getEditor().getText();
        boolean was = loading;
        loading = true;
        try {
            box.getItems().setAll(items);
            box.getEditor().setText(typed);
        } finally {
            loading = was;
        }
    }

    // ---- loading and checking ----

    /** Shows {@code name}'s running route in its editor (null: none selected); for tests, the route by name. */
    public void select(String name) {
        load(name);
    }

    private void load(String name) {
        SwitchboardConfig cfg = ctx.engine().config();
        Route r = name == null ? null : cfg.routing().route(name);
        selected = r == null ? null : name;
        loading = true;
        try {
            selectInList(selected);
            routingTitle.setText(r == null ? (name == null ? "No route selected" : "Route " + name + " (removed)")
                    : "Route " + name);
            routingKind.setText(r == null ? "" : r.kind());
            show(routingTablePane, r instanceof TableRoute);
            show(routingCascadePane, r instanceof CascadeRoute);
            show(routingVotePane, r instanceof VoteRoute);
            show(routingExperimentPane, r instanceof ExperimentRoute);
            routingApply.setDisable(true);
            routingRevert.setDisable(r == null);
            switch (r) {
                case TableRoute t -> loadTable(t);
                case CascadeRoute c -> loadCascade(c);
                case VoteRoute v -> {
                    routingVoters.getItems().setAll(numbered(v.voters()));
                    fit(routingVoters);
                    routingVoteField.setText(v.field() == null ? "" : v.field());
                    routingEarlyStop.setSelected(v.earlyStop());
                }
                case ExperimentRoute e -> {
                    routingArmA.getEditor().setText(e.a());
                    routingArmB.getEditor().setText(e.b());
                    routingSplit.setText(Integer.toString(e.bPercent()));
                    routingSplitSlider.setValue(e.bPercent());
                }
                case null -> routingError.setText("");
            }
        } finally {
            loading = false;
        }
        routingTryResult.setText("");
        hitCell = null;
        recheck();
        showStats(lastSnapshot);
    }

    private void loadTable(TableRoute t) {
        for (TaskClass c : TaskClass.values()) {
            for (Complexity x : Complexity.values()) {
                cells.get(c).get(x).getEditor().setText(t.written(c, x) ? t.target(c, x) : BLANK);
            }
        }
        routingOtherwise.getEditor().setText(t.otherwise());
        routingFast.getEditor().setText(t.fastModel() == null ? "" : t.fastModel());
        routingMaxRequest.setText(RouteForm.plain(t.maxUsdPerRequest()));
        routingMax1M.setText(RouteForm.plain(t.maxUsdPer1M()));
        showOtherwise();
    }

    private void loadCascade(CascadeRoute c) {
        routingStages.getItems().setAll(numbered(c.stages()));
        fit(routingStages);
        routingThreshold.setText(RouteForm.threshold(c.threshold()));
        routingThresholdSlider.setValue(c.threshold());
        routingConfidence.setValue(c.confidence());
        routingField.setText(c.field() == null ? "" : c.field());
        routingVerifier.getEditor().setText(c.verifier() == null ? "" : c.verifier());
        showConfidenceFields(c.confidence());
        showCurve();
    }

    private static List<String> numbered(List<String> names) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add((i + 1) + ". " + names.get(i));
        }
        return out;
    }

    /** A read-only list as tall as its items (up to eight), so a short one has no scroll bar or empty rows. */
    private static void fit(ListView<String> list) {
        double h = Math.min(8, list.getItems().size()) * 24 + 4;
        list.setPrefHeight(h);
        list.setMinHeight(h);
    }

    private static void show(Node n, boolean on) {
        n.setVisible(on);
        n.setManaged(on);
    }

    private void selectInList(String name) {
        for (RouteFigures.Line l : routingRoutes.getItems()) {
            if (l.name().equals(name)) {
                routingRoutes.getSelectionModel().select(l);
                return;
            }
        }
        routingRoutes.getSelectionModel().clearSelection();
    }

    private void showConfidenceFields(Confidence c) {
        routingField.setDisable(c != Confidence.FIELD);
        routingVerifier.setDisable(c != Confidence.VERIFIER);
    }

    private String otherwiseText() {
        String t = routingOtherwise.getEditor().getText();
        return t == null || t.isBlank() ? "?" : t.strip();
    }

    /** A blank cell shows, dimmed, the target it takes. */
    private void showOtherwise() {
        String o = otherwiseText();
        cells.values().forEach(line -> line.values().forEach(b -> b.setPromptText(o)));
    }

    private Map<TaskClass, Map<Complexity, String>> typedCells() {
        Map<TaskClass, Map<Complexity, String>> out = new EnumMap<>(TaskClass.class);
        cells.forEach((c, line) -> {
            Map<Complexity, String> row = new EnumMap<>(Complexity.class);
            line.forEach((x, box) -> row.put(x, box.getEditor().getText()));
            out.put(c, row);
        });
        return out;
    }

    /** Checks the editor's fields against the running config and says what Apply would do. */
    private void recheck() {
        if (loading || routingApply == null) {
            return;
        }
        SwitchboardConfig cfg = ctx.engine().config();
        Route running = selected == null ? null : cfg.routing().route(selected);
        if (running == null) {
            current = null;
            routingApply.setDisable(true);
            routingError.setText("");
            return;
        }
        current = switch (running) {
            case TableRoute t -> RouteForm.table(cfg, t, typedCells(), routingOtherwise.getEditor().getText(),
                    routingMaxRequest.getText(), routingMax1M.getText(), routingFast.getEditor().getText());
            case CascadeRoute c -> RouteForm.cascade(cfg, c, routingThreshold.getText(), routingConfidence.getValue(),
                    routingField.getText(), routingVerifier.getEditor().getText());
            case VoteRoute v -> RouteForm.vote(cfg, v, routingVoteField.getText(), routingEarlyStop.isSelected());
            case ExperimentRoute e -> RouteForm.experiment(cfg, e, routingArmA.getEditor().getText(),
                    routingArmB.getEditor().getText(), routingSplit.getText());
        };
        fields().values().forEach(f -> FormFeedback.fieldError(f, routingError, null));
        TextField bad = current.field() == null ? null : fields().get(current.field());
        if (bad != null) {
            FormFeedback.fieldError(bad, routingError, current.error());
        } else {
            routingError.setText(current.error() == null ? "" : current.error());
        }
        if (running instanceof TableRoute t) {
            markCells(t);
        }
        boolean changed = current.valid() && !current.route().equals(running);
        routingApply.setDisable(!changed);
        FormFeedback.applyStatus(routingApplyStatus, changed, current.valid());
    }

    /** Each field by the key {@link RouteForm.Result#field} names it with. */
    private Map<String, TextField> fields() {
        Map<String, TextField> m = new LinkedHashMap<>();
        cells.forEach((c, line) -> line.forEach((x, box) -> m.put(RouteForm.cell(c, x), box.getEditor())));
        m.put(RouteForm.OTHERWISE, routingOtherwise.getEditor());
        m.put(RouteForm.FAST, routingFast.getEditor());
        m.put(RouteForm.MAX_REQUEST, routingMaxRequest);
        m.put(RouteForm.MAX_1M, routingMax1M);
        m.put(RouteForm.THRESHOLD, routingThreshold);
        m.put(RouteForm.FIELD, routingField);
        m.put(RouteForm.VERIFIER, routingVerifier.getEditor());
        m.put(RouteForm.ARM_A, routingArmA.getEditor());
        m.put(RouteForm.ARM_B, routingArmB.getEditor());
        m.put(RouteForm.SPLIT, routingSplit);
        return m;
    }

    /** Blank cells dimmed (they take otherwise), cells changed since Apply outlined, the tried prompt's cell lit. */
    private void markCells(TableRoute running) {
        cells.forEach((c, line) -> line.forEach((x, box) -> {
            String typed = box.getEditor().getText() == null ? "" : box.getEditor().getText().strip();
            String was = running.written(c, x) ? running.target(c, x) : "";
            box.getStyleClass().removeAll("routing-otherwise", "routing-edited", "routing-hit");
            if (typed.isEmpty()) {
                box.getStyleClass().add("routing-otherwise");
            }
            if (!typed.equals(was)) {
                box.getStyleClass().add("routing-edited");
            }
            if (RouteForm.cell(c, x).equals(hitCell)) {
                box.getStyleClass().add("routing-hit");
            }
        }));
    }

    // ---- apply, revert ----

    @FXML
    public void apply() {
        recheck();
        RouteForm.Result r = current;
        if (r == null) {
            return;
        }
        if (!r.valid()) {
            routingApplyStatus.setText("Fix the fields marked in red to apply.");
            return;
        }
        Route edited = r.route();
        if (edited.equals(ctx.engine().config().routing().route(edited.name()))) {
            routingApplyStatus.setText("Nothing to apply: the route is as it runs.");
            return;
        }
        routingApply.setDisable(true);
        // Only this route: the other routes and the premium model as the running config has them by then.
        ConfigEdits.applyAndSave(ctx, c -> c.withRouting(c.routing().with(edited)), "Route " + edited.name(),
                routingApplyStatus, this::recheck);
    }

    @FXML
    public void revert() {
        if (selected == null) {
            return;
        }
        load(selected);
        routingApplyStatus.setText("Reverted to the running route.");
    }

    // ---- snapshots ----

    private void show(EngineSnapshot s) {
        SwitchboardConfig cfg = ctx.engine().config();
        if (!cfg.routing().equals(lastRouting) || !cfg.models().keySet().equals(lastModels)) {
            configChanged(cfg);
        }
        RoutingSnapshot r = s.routing();
        showLines(cfg.routing(), r);
        routingPremium.setText(RouteFigures.premium(r, !cfg.routing().routes().isEmpty()));
        if (!r.equals(lastSnapshot)) {
            lastSnapshot = r;
            showStats(r);
        }
    }

    /** Another editor (or this one) changed the config: the choices, the list, and the editor if untouched. */
    private void configChanged(SwitchboardConfig cfg) {
        RoutingSettings before = lastRouting;
        lastRouting = cfg.routing();
        lastModels = cfg.models().keySet();
        fillChoices(cfg);
        Route was = selected == null ? null : before.route(selected);
        Route now = selected == null ? null : cfg.routing().route(selected);
        if (selected == null || now == null) {
            load(cfg.routing().routes().isEmpty() ? null : cfg.routing().routes().keySet().iterator().next());
        } else if (!Objects.equals(was, now) && current != null && current.valid() && current.route().equals(was)) {
            // Nothing typed here since the old version: show the new one.
            load(selected);
        } else {
            recheck();
        }
    }

    private void showLines(RoutingSettings cfg, RoutingSnapshot s) {
        List<RouteFigures.Line> lines = RouteFigures.lines(cfg, s);
        if (lines.equals(lastLines)) {
            return;
        }
        lastLines = lines;
        boolean was = loading;
        loading = true;
        try {
            routingRoutes.getItems().setAll(lines);
            selectInList(selected);
        } finally {
            loading = was;
        }
    }

    private void showStats(RoutingSnapshot s) {
        Route r = selected == null ? null : ctx.engine().config().routing().route(selected);
        RoutingSnapshot.RouteRow row = selected == null ? null : RouteFigures.row(s, selected);
        routingCounts.setText(row == null ? (r == null ? "" : "no requests yet")
                : String.format(Locale.ROOT, "%,d requests · %,d failed · %s", row.requests(), row.failures(),
                        Money.usd(row.costUsd())));
        switch (r) {
            case CascadeRoute c -> routingStageCounts.setText(RouteFigures.stages(c, row));
            case VoteRoute v -> {
                List<String> f = RouteFigures.votes(row);
                routingVoteRequests.setText(f.get(0));
                routingVotesCast.setText(f.get(1));
                routingVotesPer.setText(f.get(2));
                routingStoppedEarly.setText(f.get(3));
            }
            case ExperimentRoute e -> {
                List<RoutingSnapshot.Arm> arms = row == null || row.arms().size() < 2
                        ? List.of(new RoutingSnapshot.Arm("a", e.a(), 0, 0, 0, 0, 0, 0),
                        new RoutingSnapshot.Arm("b", e.b(), 0, 0, 0, 0, 0, 0)) : row.arms();
                raA.setText("a: " + (arms.get(0).model() == null ? e.a() : arms.get(0).model()));
                raB.setText("b: " + (arms.get(1).model() == null ? e.b() : arms.get(1).model()));
                routingArms.getItems().setAll(RouteFigures.compare(arms.get(0), arms.get(1)));
            }
            case null, default -> {
                // A table's counts are the list's.
            }
        }
    }

    // ---- try a prompt (table) ----

    @FXML
    public void tryPrompt() {
        String prompt = routingTryPrompt.getText() == null ? "" : routingTryPrompt.getText().strip();
        if (prompt.isEmpty()) {
            routingTryResult.setText("Type a prompt to see which cell it lands in.");
            return;
        }
        Route running = selected == null ? null : ctx.engine().config().routing().route(selected);
        if (!(running instanceof TableRoute runningTable)) {
            return;
        }
        // The table as edited when it is valid, so a cell can be tried before Apply.
        TableRoute t = current != null && current.valid() && current.route() instanceof TableRoute edited ? edited
                : runningTable;
        boolean edited = t != runningTable && !t.equals(runningTable);
        ChatRequest request = ChatRequest.builder().model(t.name()).prompt(prompt)
                .latencySensitive(routingTryFast.isSelected()).build();
        routingTryResult.setText("Asking the router…");
        ctx.background().run("Try route " + t.name(), () -> ctx.engine().routes().suggest(t, request), d -> {
            hitCell = RouteForm.cell(d.profile().taskClass(), d.profile().complexity());
            routingTryResult.setText(describe(d) + (edited ? "  (with the edits, not yet applied)" : ""));
            recheck();
        }, msg -> routingTryResult.setText(msg));
    }

    static String describe(Router.Decision d) {
        return "→ " + d.target() + "    " + String.join(" · ", d.reasons());
    }

    // ---- threshold curve (cascade) ----

    @FXML
    private void chooseCurveWorkload() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Workload for the threshold curve");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("JSON Lines", "*.jsonl"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File dir = ctx.workloadDir().toFile();
        if (dir.isDirectory()) {
            chooser.setInitialDirectory(dir);
        }
        File f = chooser.showOpenDialog(routingCurveCompute.getScene().getWindow());
        if (f != null) {
            computeCurve(f.toPath());
        }
    }

    /** Computes the selected cascade's curve from {@code workload} on a background task (the button, and tests). */
    public void computeCurve(Path workload) {
        Route running = selected == null ? null : ctx.engine().config().routing().route(selected);
        if (!(running instanceof CascadeRoute)) {
            return;
        }
        cancelCurve();
        SwitchboardConfig cfg = ctx.engine().config();
        String route = selected;
        ThresholdCurve curve = ctx.thresholdCurve();
        Task<List<ThresholdCurve.Row>> task = new Task<>() {
            @Override
            protected List<ThresholdCurve.Row> call() {
                return curve.compute(cfg, route, workload, p -> updateProgress(Math.max(0, Math.min(1, p)), 1));
            }
        };
        curveTask = task;
        routingCurveProgress.progressProperty().bind(task.progressProperty());
        running(true);
        routingCurveStatus.setText("Computing " + route + " from " + workload.getFileName() + "…");
        task.setOnSucceeded(e -> {
            if (task != curveTask) {
                return;
            }
            curves.put(route, List.copyOf(task.getValue() == null ? List.of() : task.getValue()));
            running(false);
            routingCurveStatus.setText(String.format(Locale.ROOT, "%s: %d thresholds from %s.", route,
                    curves.get(route).size(), workload.getFileName()));
            showCurve();
        });
        task.setOnFailed(e -> {
            if (task != curveTask) {
                return;
            }
            running(false);
            Throwable x = task.getException();
            String why = x == null || x.getMessage() == null || x.getMessage().isBlank()
                    ? (x == null ? "unknown error" : x.getClass().getSimpleName()) : x.getMessage();
            if (x instanceof UnsupportedOperationException) {
                routingCurveStatus.setText("Threshold curve: " + why + " in this build (it needs the replay "
                        + "harness's route sweep).");
            } else {
                routingCurveStatus.setText("Threshold curve failed: " + why);
                ctx.notifier().error("Threshold curve of " + route + " failed: " + why);
            }
        });
        task.setOnCancelled(e -> {
            if (task == curveTask) {
                running(false);
                routingCurveStatus.setText("Cancelled.");
            }
        });
        Thread.ofVirtual().name("sb-threshold-curve").start(task);
    }

    @FXML
    public void cancelCurve() {
        Task<List<ThresholdCurve.Row>> t = curveTask;
        if (t != null && t.isRunning()) {
            t.cancel(true);
        }
    }

    private void running(boolean on) {
        routingCurveProgress.setVisible(on);
        routingCurveProgress.setManaged(on);
        routingCurveCancel.setDisable(!on);
        routingCurveCompute.setDisable(on);
        if (!on) {
            routingCurveProgress.progressProperty().unbind();
        }
    }

    private void showCurve() {
        List<ThresholdCurve.Row> rows = selected == null ? null : curves.get(selected);
        routingCurve.getItems().setAll(rows == null ? List.of() : rows);
    }

    // ---- small things ----

    private static <T> void bind(TableColumn<T, String> c, Function<T, String> f) {
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(f.apply(d.getValue())));
    }

    private static ReadOnlyStringWrapper text(String s) {
        return new ReadOnlyStringWrapper(s);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The status line beside Apply, for tests. */
    String applyStatus() {
        return routingApplyStatus.getText();
    }
}
