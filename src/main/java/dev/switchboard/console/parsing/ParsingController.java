package dev.switchboard.console.parsing;

import dev.switchboard.console.ConfigEdits;
import dev.switchboard.console.ConsoleContext;
import dev.switchboard.console.FormFeedback;
import dev.switchboard.console.Money;
import dev.switchboard.engine.EngineSnapshot;
import dev.switchboard.engine.parse.ParseSettings;
import dev.switchboard.engine.parse.Strategy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The Parsing tab. The editor holds a draft of the parse section (the chain's order with each strategy on or off,
 * max re-prompts, raw_on_failure, the named schemas as typed), checked on every keystroke by {@link ParseForm}: a
 * schema that is not JSON is named with its line and column beside the text, one that is not a JSON Schema with the
 * draft's reason. Apply (or Ctrl+S) goes through {@link ConfigEdits}; Esc reverts. The tables show the parser's
 * figures per strategy and per expectation from the snapshots.
 */
public final class ParsingController {
    private static final KeyCombination SAVE = new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination UP = new KeyCodeCombination(KeyCode.UP, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination DOWN = new KeyCodeCombination(KeyCode.DOWN, KeyCombination.SHORTCUT_DOWN);

    private final ConsoleContext ctx;

    @FXML
    private VBox parseEditor;
    @FXML
    private CheckBox parseEnabled;
    @FXML
    private ListView<ParseForm.Link> parseChain;
    @FXML
    private Label parseChainError;
    @FXML
    private Button parseUp;
    @FXML
    private Button parseDown;
    @FXML
    private Spinner<Integer> parseMaxReprompts;
    @FXML
    private CheckBox parseRaw;
    @FXML
    private ListView<String> parseSchemas;
    @FXML
    private TextField parseNewName;
    @FXML
    private Button parseAdd;
    @FXML
    private Button parseDelete;
    @FXML
    private Label parseNameError;
    @FXML
    private Label parseSchemaLabel;
    @FXML
    private TextArea parseSchemaText;
    @FXML
    private Label parseSchemaError;
    @FXML
    private Label parseError;
    @FXML
    private Button parseApply;
    @FXML
    private Label parseApplyStatus;
    @FXML
    private Label parseTotals;
    @FXML
    private TableView<ParseFigures.StrategyRow> parseStrategies;
    @FXML
    private TableColumn<ParseFigures.StrategyRow, String> psName;
    @FXML
    private TableColumn<ParseFigures.StrategyRow, String> psAttempts;
    @FXML
    private TableColumn<ParseFigures.StrategyRow, String> psSuccesses;
    @FXML
    private TableColumn<ParseFigures.StrategyRow, String> psFailures;
    @FXML
    private TableColumn<ParseFigures.StrategyRow, String> psP50;
    @FXML
    private TableView<ParseFigures.SchemaRow> parseBySchema;
    @FXML
    private TableColumn<ParseFigures.SchemaRow, String> pxName;
    @FXML
    private TableColumn<ParseFigures.SchemaRow, String> pxAnswers;
    @FXML
    private TableColumn<ParseFigures.SchemaRow, String> pxParsed;
    @FXML
    private TableColumn<ParseFigures.SchemaRow, String> pxReprompts;
    @FXML
    private TableColumn<ParseFigures.SchemaRow, String> pxFailed;
    @FXML
    private TableColumn<ParseFigures.SchemaRow, String> pxCost;

    /** The schemas as typed, by name, in the list's order. */
    private final Map<String, String> texts = new LinkedHashMap<>();
    private ParseForm.Result current;
    private ParseSettings lastRunning;
    private ParseFigures lastFigures;
    /** Set while the fields are filled from a config or a selection, so listeners do not count it as an edit. */
    private boolean loading;

    public ParsingController(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    @FXML
    private void initialize() {
        dev.switchboard.console.whatif.TryBeforeApply.install(ctx, parseApply, "parseTry", () -> current == null || !current.valid() ? null : current.edit(), "Parse settings",
                this::apply);
        parseMaxReprompts.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(0,
                ParseSettings.MAX_REPROMPTS, 1));
        parseChain.setCellFactory(v -> new LinkCell());
        parseEnabled.selectedProperty().addListener((o, was, now) -> recheck());
        parseRaw.selectedProperty().addListener((o, was, now) -> recheck());
        parseMaxReprompts.valueProperty().addListener((o, was, now) -> recheck());
        parseChain.getSelectionModel().selectedIndexProperty().addListener((o, was, now) -> moveButtons());
        parseSchemas.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> showSchema(now));
        parseSchemaText.textProperty().addListener((o, was, now) -> {
            String name = parseSchemas.getSelectionModel().getSelectedItem();
            if (!loading && name != null) {
                texts.put(name, now);
                recheck();
            }
        });
        parseNewName.setOnAction(e -> addSchema());
        parseSchemas.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE) {
                deleteSchema();
                e.consume();
            }
        });
        parseNewName.textProperty().addListener((o, was, now) -> parseNameError.setText(""));
        parseEditor.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                revert();
                e.consume();
            } else if (SAVE.match(e)) {
                apply();
                e.consume();
            } else if (UP.match(e) && parseChain.isFocused()) {
                moveUp();
                e.consume();
            } else if (DOWN.match(e) && parseChain.isFocused()) {
                moveDown();
                e.consume();
            }
        });
        for (Label l : List.of(parseChainError, parseNameError, parseSchemaError, parseError)) {
            l.managedProperty().bind(l.textProperty().isNotEmpty());
        }
        setUpTables();
        lastRunning = ParseConfig.of(ctx.engine().config());
        load(lastRunning);
        ctx.poller().addListener(this::show);
    }

    /** A chain row: the strategy's box (on or off) and what it does. */
    private final class LinkCell extends ListCell<ParseForm.Link> {
        private final CheckBox on = new CheckBox();
        private final Label what = new Label();
        private final HBox row = new HBox(8, on, what);

        LinkCell() {
            what.getStyleClass().add("hint");
            on.setMnemonicParsing(false);
            on.selectedProperty().addListener((o, was, now) -> {
                ParseForm.Link link = getItem();
                if (link != null && link.on() != now) {
                    parseChain.getItems().set(getIndex(), new ParseForm.Link(link.strategy(), now));
                    recheck();
                }
            });
        }

        @Override
        protected void updateItem(ParseForm.Link link, boolean empty) {
            super.updateItem(link, empty);
            if (empty || link == null) {
                setGraphic(null);
                return;
            }
            on.setText(link.strategy().id());
            on.setSelected(link.on());
            on.setId("parseOn-" + link.strategy().id());
            what.setText(describe(link.strategy()));
            setGraphic(row);
        }
    }

    static String describe(Strategy s) {
        return switch (s) {
            case STRICT_JSON -> "the whole answer is JSON";
            case EXTRACTED_JSON -> "JSON inside prose or a fenced block";
            case KEY_VALUE -> "'key: value' lines";
            case FLEXIBLE -> "other delimiters, bullets, tables";
            case REPROMPT -> "ask the model to fix it (costs a call)";
        };
    }

    private void setUpTables() {
        psName.setCellValueFactory(c -> text(ParseFigures.label(c.getValue().strategy())));
        psAttempts.setCellValueFactory(c -> text(count(c.getValue().attempts())));
        psSuccesses.setCellValueFactory(c -> text(count(c.getValue().successes())));
        psFailures.setCellValueFactory(c -> text(count(c.getValue().failures())));
        psP50.setCellValueFactory(c -> text(micros(c.getValue())));
        pxName.setCellValueFactory(c -> text(c.getValue().schema()));
        pxAnswers.setCellValueFactory(c -> text(count(c.getValue().answers())));
        pxParsed.setCellValueFactory(c -> text(percent(c.getValue().parsedShare())));
        pxReprompts.setCellValueFactory(c -> text(count(c.getValue().reprompts())));
        pxFailed.setCellValueFactory(c -> text(count(c.getValue().failed())));
        pxCost.setCellValueFactory(c -> text(Money.ofMicros(c.getValue().repromptCostMicros())));
    }

    private static ReadOnlyStringWrapper text(String s) {
        return new ReadOnlyStringWrapper(s);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String micros(ParseFigures.StrategyRow r) {
        if (r.successes() == 0 || Double.isNaN(r.p50Micros())) {
            return "–";
        }
        return r.p50Micros() < 10 ? String.format(Locale.ROOT, "%.1f", r.p50Micros())
                : String.format(Locale.ROOT, "%,.0f", r.p50Micros());
    }

    static String percent(double share) {
        return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    private void load(ParseSettings s) {
        ParseForm.Draft d = ParseForm.draft(s);
        String selected = parseSchemas.getSelectionModel().getSelectedItem();
        loading = true;
        try {
            parseEnabled.setSelected(d.enabled());
            parseRaw.setSelected(d.rawOnFailure());
            parseMaxReprompts.getValueFactory().setValue(d.maxReprompts());
            parseChain.getItems().setAll(d.chain());
            texts.clear();
            texts.putAll(d.schemas());
            parseSchemas.getItems().setAll(texts.keySet());
        } finally {
            loading = false;
        }
        if (selected != null && texts.containsKey(selected)) {
            parseSchemas.getSelectionModel().select(selected);
        } else if (!texts.isEmpty()) {
            parseSchemas.getSelectionModel().select(0);
        }
        showSchema(parseSchemas.getSelectionModel().getSelectedItem());
        moveButtons();
        recheck();
    }

    private void showSchema(String name) {
        loading = true;
        try {
            parseSchemaText.setText(name == null ? "" : texts.getOrDefault(name, ""));
        } finally {
            loading = false;
        }
        parseSchemaText.setDisable(name == null);
        parseDelete.setDisable(name == null);
        parseSchemaLabel.setText(name == null ? "schemas" : "schemas." + name);
        showSchemaError();
    }

    private void showSchemaError() {
        String name = parseSchemas.getSelectionModel().getSelectedItem();
        String message = current == null || name == null ? null : current.errors().get(ParseForm.SCHEMAS + "." + name);
        parseSchemaError.setText(message == null ? "" : message);
        parseSchemaText.getStyleClass().remove("invalid");
        if (message != null) {
            parseSchemaText.getStyleClass().add("invalid");
        }
    }

    private ParseForm.Draft draft() {
        return new ParseForm.Draft(parseEnabled.isSelected(), texts, List.copyOf(parseChain.getItems()),
                parseMaxReprompts.getValue() == null ? 0 : parseMaxReprompts.getValue(), parseRaw.isSelected());
    }

    private void recheck() {
        if (loading || parseApply == null) {
            return;
        }
        ParseSettings running = ParseConfig.of(ctx.engine().config());
        current = ParseForm.check(running, draft());
        showSchemaError();
        parseChainError.setText(current.errors().getOrDefault(ParseForm.CHAIN, ""));
        // Errors with no field of their own here (a schema another tab's namespace needs, a schema not selected).
        String name = parseSchemas.getSelectionModel().getSelectedItem();
        parseError.setText(current.errors().entrySet().stream()
                .filter(e -> !e.getKey().equals(ParseForm.CHAIN)
                        && !e.getKey().equals(ParseForm.SCHEMAS + "." + name))
                .map(Map.Entry::getValue).reduce((a, b) -> a + "\n" + b).orElse(""));
        parseSchemas.refresh();
        boolean changed = current.valid() && !current.settings().equals(running);
        parseApply.setDisable(!changed);
        FormFeedback.applyStatus(parseApplyStatus, changed, current.valid());
    }

    private void moveButtons() {
        int i = parseChain.getSelectionModel().getSelectedIndex();
        parseUp.setDisable(i <= 0);
        parseDown.setDisable(i < 0 || i >= parseChain.getItems().size() - 1);
    }

    @FXML
    public void moveUp() {
        move(-1);
    }

    @FXML
    public void moveDown() {
        move(1);
    }

    private void move(int by) {
        int i = parseChain.getSelectionModel().getSelectedIndex();
        int j = i + by;
        if (i < 0 || j < 0 || j >= parseChain.getItems().size()) {
            return;
        }
        ParseForm.Link link = parseChain.getItems().remove(i);
        parseChain.getItems().add(j, link);
        parseChain.getSelectionModel().clearAndSelect(j);
        recheck();
    }

    @FXML
    public void addSchema() {
        String name = parseNewName.getText() == null ? "" : parseNewName.getText().strip();
        String problem = ParseForm.nameProblem(name, texts.keySet());
        if (problem != null) {
            parseNameError.setText(problem);
            return;
        }
        texts.put(name, "{\n  \"type\": \"object\",\n  \"properties\": {},\n  \"required\": []\n}\n");
        parseSchemas.getItems().add(name);
        parseNewName.clear();
        parseSchemas.getSelectionModel().select(name);
        parseSchemaText.requestFocus();
        recheck();
    }

    @FXML
    public void deleteSchema() {
        String name = parseSchemas.getSelectionModel().getSelectedItem();
        if (name == null) {
            return;
        }
        texts.remove(name);
        parseSchemas.getItems().remove(name);
        recheck();
    }

    @FXML
    public void apply() {
        ParseForm.Result r = current;
        if (r == null || !r.valid()) {
            parseApplyStatus.setText("Fix the fields marked in red to apply.");
            return;
        }
        if (r.settings().equals(ParseConfig.of(ctx.engine().config()))) {
            parseApplyStatus.setText("Nothing to apply: these are the running settings.");
            return;
        }
        parseApply.setDisable(true);
        ConfigEdits.applyAndSave(ctx, r.edit(), "Parse settings", parseApplyStatus, this::recheck);
    }

    @FXML
    public void revert() {
        load(ParseConfig.of(ctx.engine().config()));
        parseApplyStatus.setText("Reverted to the running settings.");
    }

    private void show(EngineSnapshot snapshot) {
        ParseSettings running = ParseConfig.of(ctx.engine().config());
        if (!running.equals(lastRunning)) {
            // Applied here or elsewhere: unapplied edits stay, the comparison follows.
            lastRunning = running;
            recheck();
        }
        ParseFigures f = ParseAdapter.figures(snapshot, running.enabled());
        ParseFigures counts = f.withTime(0);
        if (counts.equals(lastFigures)) {
            return;
        }
        lastFigures = counts;
        showFigures(f);
    }

    /** Fills the tables and the totals line (the poller calls it with each changed snapshot; tests with their own). */
    public void showFigures(ParseFigures f) {
        parseStrategies.getItems().setAll(rowsInChainOrder(f));
        parseBySchema.getItems().setAll(f.schemas());
        parseTotals.setText(!f.enabled() ? "Off: answers are returned as written."
                : f.answers() == 0 ? "No structured answers yet."
                : String.format(Locale.ROOT, "%,d structured answers: %,d parsed (%s), %,d failed · %,d %s "
                        + "costing %s", f.answers(), f.parsed(), percent(f.parsedShare()), f.failed(), f.reprompts(),
                        f.reprompts() == 1 ? "re-prompt" : "re-prompts", Money.ofMicros(f.repromptCostMicros())));
    }

    /** Every strategy a row, in the engine's order, zeros where it has none yet. */
    private static List<ParseFigures.StrategyRow> rowsInChainOrder(ParseFigures f) {
        Function<Strategy, ParseFigures.StrategyRow> row = s -> {
            ParseFigures.StrategyRow r = f.strategy(s.id());
            return r != null ? r : new ParseFigures.StrategyRow(s.id(), 0, 0, 0, Double.NaN);
        };
        return Strategy.ALL.stream().map(row).toList();
    }
}
