package dev.switchboard.console.playground;

import dev.switchboard.console.ConsoleContext;
import dev.switchboard.console.Money;
import dev.switchboard.engine.error.EngineException;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.Message;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.route.CascadeRoute;
import dev.switchboard.engine.route.Route;
import dev.switchboard.engine.routing.RouteRunner;
import dev.switchboard.engine.route.TableRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
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
import javafx.scene.input.MouseButton;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * Sends one prompt through the engine (off the FX thread) and shows where the answer came from, what it cost and
 * its cache key; keeps the session's prompts to run again. When the model box holds a route, the Route panel shows
 * what it would choose for the prompt as it is typed (a table's pick, asked of the engine off the FX thread once
 * typing pauses) and, after sending, what it did ({@link RouteView}).
 */
public final class PlaygroundController {
    private static final KeyCombination SEND = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
    /** How long typing must pause before the Route panel asks again what the route would choose. */
    static final Duration SUGGEST_DELAY = Duration.millis(300);

    private final ConsoleContext ctx;

    @FXML
    private VBox form;
    @FXML
    private TextArea systemPrompt;
    @FXML
    private TextArea userPrompt;
    @FXML
    private ComboBox<String> model;
    @FXML
    private Spinner<Double> temperature;
    @FXML
    private Spinner<Integer> maxTokens;
    @FXML
    private CheckBox bypassCache;
    @FXML
    private CheckBox latencySensitive;
    @FXML
    private Button sendButton;
    @FXML
    private Label formError;
    @FXML
    private Label servedBy;
    @FXML
    private Label latency;
    @FXML
    private Label tokens;
    @FXML
    private Label cost;
    @FXML
    private TextField cacheKey;
    @FXML
    private Label route;
    @FXML
    private TextArea answer;
    @FXML
    private ListView<Prompt> history;
    @FXML
    private javafx.scene.control.ChoiceBox<String> expect;
    @FXML
    private VBox structured;
    @FXML
    private Label parsedBy;
    @FXML
    private Label parseFailures;
    @FXML
    private TextArea parsedValue;
    @FXML
    private VBox routePanel;
    @FXML
    private Label routeTitle;
    @FXML
    private Label routeWould;
    @FXML
    private Label routeChoice;
    @FXML
    private Label routeReasons;
    @FXML
    private Label routeEstimate;
    @FXML
    private VBox routeOutcome;
    @FXML
    private Label routeDecision;
    @FXML
    private TableView<RouteView.VoteRow> routeVotes;
    @FXML
    private TableColumn<RouteView.VoteRow, String> voteModel;
    @FXML
    private TableColumn<RouteView.VoteRow, String> voteLabel;
    @FXML
    private TableColumn<RouteView.VoteRow, String> voteCost;
    @FXML
    private TableColumn<RouteView.VoteRow, String> voteCached;
    @FXML
    private Label routeCost;

    private final PauseTransition suggestPause = new PauseTransition(SUGGEST_DELAY);
    /** Bumped by each suggestion asked: an answer to an older one (typing went on) is dropped. */
    private long suggestion;

    /**
     * One prompt of the session, as sent.
     *
     * @param expect {@link StructuredView#NONE}, {@link StructuredView#JSON_OBJECT} or a named schema
     */
    public record Prompt(String system, String user, String model, double temperature, int maxTokens,
                         boolean bypass, String expect, boolean latencySensitive) {
        public Prompt(String system, String user, String model, double temperature, int maxTokens, boolean bypass) {
            this(system, user, model, temperature, maxTokens, bypass, StructuredView.NONE, false);
        }

        @Override
        public String toString() {
            String u = user.replace('\n', ' ');
            return model + " · " + (u.length() > 60 ? u.substring(0, 60) + "…" : u);
        }
    }

    public PlaygroundController(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    @FXML
    private void initialize() {
        refreshModels();
        // Routes may be added on the Routing tab meanwhile: the list is read again when it opens.
        model.setOnShowing(e -> refreshModels());
        model.setCellFactory(v -> new ModelCell());
        model.setButtonCell(new ModelCell());
        if (!model.getItems().isEmpty()) {
            model.setValue(model.getItems().contains("gpt-4o-mini") ? "gpt-4o-mini" : model.getItems().get(0));
        }
        var temp = new SpinnerValueFactory.DoubleSpinnerValueFactory(0.0, 2.0, 0.0, 0.1);
        temp.setConverter(lenient(temp, TEMPERATURE));
        temperature.setValueFactory(temp);
        var tokensFactory = new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 100_000, 256, 32);
        tokensFactory.setConverter(lenient(tokensFactory, MAX_TOKENS));
        maxTokens.setValueFactory(tokensFactory);
        temperature.getEditor().textProperty().addListener((o, was, now) -> checkNumbers());
        maxTokens.getEditor().textProperty().addListener((o, was, now) -> checkNumbers());
        revertOnFocusLoss(temperature, TEMPERATURE);
        revertOnFocusLoss(maxTokens, MAX_TOKENS);
        form.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (SEND.match(e)) {
                e.consume();
                send();
            }
        });
        structured.managedProperty().bind(structured.visibleProperty());
        structured.setVisible(false);
        initRoutePanel();
        refreshExpect();
        // Schemas may be added on the Parsing tab meanwhile: the list is read again when it opens.
        expect.setOnShowing(e -> refreshExpect());
        history.setCellFactory(v -> new HistoryCell());
        history.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                rerunSelected();
            }
        });
        history.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                rerunSelected();
            }
        });
    }

    /**
     * A past prompt: the model (and what was asked of it) on a dim line, the prompt wrapped under it to at most three
     * lines as wide as the list, so the narrow history pane neither cuts it off nor scrolls sideways.
     */
    private static final class HistoryCell extends ListCell<Prompt> {
        private final Label head = new Label();
        private final Label text = new Label();
        private final javafx.scene.layout.VBox box = new javafx.scene.layout.VBox(2, head, text);
        private final javafx.scene.control.Tooltip full = new javafx.scene.control.Tooltip();

        HistoryCell() {
            head.getStyleClass().add("history-head");
            text.getStyleClass().add("history-text");
            text.setWrapText(true);
            text.setMaxHeight(3 * 18);
            full.setWrapText(true);
            full.setMaxWidth(480);
            setPrefWidth(0);
            listViewProperty().addListener((o, was, list) -> {
                if (list != null) {
                    box.maxWidthProperty().bind(list.widthProperty().subtract(28));
                    text.maxWidthProperty().bind(list.widthProperty().subtract(28));
                }
            });
        }

        @Override
        protected void updateItem(Prompt p, boolean empty) {
            super.updateItem(p, empty);
            setText(null);
            if (empty || p == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            StringBuilder h = new StringBuilder(p.model());
            if (!StructuredView.NONE.equals(p.expect())) {
                h.append(" · ").append(p.expect());
            }
            if (p.bypass()) {
                h.append(" · bypass cache");
            }
            head.setText(h.toString());
            String u = p.user().replace('\n', ' ').strip();
            text.setText(u.length() > 240 ? u.substring(0, 240) + "…" : u);
            full.setText(p.user());
            setTooltip(full);
            setGraphic(box);
        }
    }

    /** A model as itself, a route with its kind after it. */
    private final class ModelCell extends ListCell<String> {
        @Override
        protected void updateItem(String name, boolean empty) {
            super.updateItem(name, empty);
            Route r = empty || name == null ? null : ctx.engine().config().routing().route(name);
            setText(empty || name == null ? null : r == null ? name : name + "  (" + r.kind() + " route)");
        }
    }

    /** The models, then the routes a request may name instead; the choice kept when it is still there. */
    private void refreshModels() {
        var cfg = ctx.engine().config();
        List<String> items = new ArrayList<>(cfg.models().keySet());
        items.addAll(cfg.routing().routes().keySet());
        if (!items.equals(model.getItems())) {
            String was = model.getValue();
            model.getItems().setAll(items);
            if (was != null && items.contains(was)) {
                model.setValue(was);
            }
        }
    }

    private void initRoutePanel() {
        routePanel.managedProperty().bind(routePanel.visibleProperty());
        routeOutcome.managedProperty().bind(routeOutcome.visibleProperty());
        routeVotes.managedProperty().bind(routeVotes.visibleProperty());
        // As tall as its votes (at most five), so the history below keeps the rest.
        routeVotes.prefHeightProperty().bind(javafx.beans.binding.Bindings.size(routeVotes.getItems())
                .multiply(routeVotes.getFixedCellSize()).add(30));
        routeVotes.minHeightProperty().bind(routeVotes.prefHeightProperty());
        routePanel.setVisible(false);
        routeOutcome.setVisible(false);
        voteModel.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().model()));
        voteLabel.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().label()));
        voteCost.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().cost()));
        voteCached.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().cached()));
        suggestPause.setOnFinished(e -> suggest());
        model.valueProperty().addListener((o, was, now) -> {
            if (was == null || !was.equals(now)) {
                // The last answer's decision was another route's (or a model's).
                routeOutcome.setVisible(false);
            }
            suggest();
        });
        userPrompt.textProperty().addListener((o, was, now) -> suggestPause.playFromStart());
        systemPrompt.textProperty().addListener((o, was, now) -> suggestPause.playFromStart());
        maxTokens.valueProperty().addListener((o, was, now) -> suggestPause.playFromStart());
        latencySensitive.selectedProperty().addListener((o, was, now) -> suggest());
    }

    /** The route in the model box, or null for a model. */
    private Route chosenRoute() {
        return model.getValue() == null ? null : ctx.engine().config().routing().route(model.getValue());
    }

    /**
     * Shows what the route in the model box would do with the prompt as it stands. A table's pick is asked of the
     * engine on a background thread (pure and fast, but the FX thread calls nothing in the engine that reads its
     * state); the other kinds' plans come from the config alone.
     */
    private void suggest() {
        suggestPause.stop();
        long mine = ++suggestion;
        Route r = chosenRoute();
        routePanel.setVisible(r != null);
        if (r == null) {
            return;
        }
        routeTitle.setText(RouteView.title(r));
        routeWould.setText(r instanceof TableRoute ? "Would choose" : "Would call");
        if (!(r instanceof TableRoute t)) {
            showPreview(RouteView.plan(r));
            return;
        }
        String prompt = userPrompt.getText();
        if (prompt == null || prompt.isBlank()) {
            showPreview(new RouteView.Preview("Type a prompt to see what " + r.name() + " would choose", List.of(),
                    ""));
            return;
        }
        Integer max = MAX_TOKENS.read(maxTokens.getEditor().getText());
        ChatRequest request = request(new Prompt(systemPrompt.getText(), prompt, t.name(), 0, max == null ? 256 : max,
                false, StructuredView.NONE, latencySensitive.isSelected()));
        var cfg = ctx.engine().config();
        ctx.background().run("Route suggestion for " + t.name(),
                () -> RouteView.table(t, ctx.engine().routes().suggest(t, request), request, cfg),
                preview -> {
                    if (mine == suggestion) {
                        showPreview(preview);
                    }
                });
    }

    private void showPreview(RouteView.Preview p) {
        routeChoice.setText(p.choice());
        routeReasons.setText(p.reasons().isEmpty() ? "" : "• " + String.join("\n• ", p.reasons()));
        routeReasons.setVisible(!p.reasons().isEmpty());
        routeReasons.setManaged(!p.reasons().isEmpty());
        routeEstimate.setText(p.estimate());
        routeEstimate.setVisible(!p.estimate().isEmpty());
        routeEstimate.setManaged(!p.estimate().isEmpty());
    }

    /** What the route did with the answer just shown. */
    private void showRouted(ChatResult r) {
        var how = r.routed();
        routeOutcome.setVisible(how != null);
        if (how == null) {
            return;
        }
        var cfg = ctx.engine().config();
        int stages = cfg.routing().route(how.route()) instanceof CascadeRoute c ? c.stages().size() : 0;
        routeDecision.setText(RouteView.decision(how, stages));
        routeVotes.getItems().setAll(RouteView.votes(how));
        routeVotes.setVisible(!how.votes().isEmpty());
        var premium = RouteRunner.premium(cfg);
        routeCost.setText(RouteView.cost(r, premium == null ? null : premium.name()));
    }

    /** How a spinner's text is read and checked; out of range or unparseable is null. */
    private record NumberField<T extends Number>(String label, String rule, java.util.function.Function<String, T> parse) {
        T read(String text) {
            try {
                return parse.apply(text == null ? "" : text.trim());
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    private static final NumberField<Double> TEMPERATURE = new NumberField<>("Temperature", "a number from 0 to 2",
            t -> {
                double v = Double.parseDouble(t);
                return v >= 0 && v <= 2 ? v : null;
            });
    private static final NumberField<Integer> MAX_TOKENS = new NumberField<>("Max tokens",
            "a whole number from 1 to 100000", t -> {
                int v = Integer.parseInt(t);
                return v >= 1 && v <= 100_000 ? v : null;
            });

    /**
     * Spinner text that does not parse must not throw on the FX thread (the default converter does): it reads
     * as the last good value, which the spinner then shows again.
     */
    private static <T extends Number> javafx.util.StringConverter<T> lenient(SpinnerValueFactory<T> factory,
                                                                            NumberField<T> field) {
        return new javafx.util.StringConverter<>() {
            @Override
            public String toString(T v) {
                return v == null ? "" : v.toString();
            }

            @Override
            public T fromString(String s) {
                T v = field.read(s);
                return v != null ? v : factory.getValue();
            }
        };
    }

    /** Leaving a spinner with text that does not read puts its last good value back. */
    private static <T extends Number> void revertOnFocusLoss(Spinner<T> spinner, NumberField<T> field) {
        spinner.focusedProperty().addListener((o, was, focused) -> {
            if (!focused && field.read(spinner.getEditor().getText()) == null) {
                spinner.getEditor().setText(String.valueOf(spinner.getValue()));
            }
        });
    }

    /** Checks both number fields as they are typed; a bad one is named below the form and blocks Send. */
    private void checkNumbers() {
        List<String> problems = new ArrayList<>();
        for (var pair : List.of(Map.entry(temperature, TEMPERATURE), Map.entry(maxTokens, MAX_TOKENS))) {
            Spinner<?> spinner = pair.getKey();
            NumberField<?> field = pair.getValue();
            String text = spinner.getEditor().getText();
            boolean bad = field.read(text) == null;
            spinner.getEditor().getStyleClass().remove("invalid");
            if (bad) {
                spinner.getEditor().getStyleClass().add("invalid");
                problems.add(field.label() + ": " + field.rule() + ", got '" + text + "'");
            }
        }
        formError.setText(String.join("\n", problems));
        sendButton.setDisable(!problems.isEmpty());
    }

    @FXML
    public void send() {
        List<String> problems = new ArrayList<>();
        if (userPrompt.getText() == null || userPrompt.getText().isBlank()) {
            problems.add("User prompt: type a question");
        }
        if (model.getValue() == null) {
            problems.add("Model: choose one");
        }
        Double temp = TEMPERATURE.read(temperature.getEditor().getText());
        Integer max = MAX_TOKENS.read(maxTokens.getEditor().getText());
        if (temp == null || max == null) {
            checkNumbers();
            return;
        }
        if (!problems.isEmpty()) {
            formError.setText(String.join("\n", problems));
            return;
        }
        temperature.getValueFactory().setValue(temp);
        maxTokens.getValueFactory().setValue(max);
        Prompt p = new Prompt(systemPrompt.getText(), userPrompt.getText(), model.getValue(), temp, max,
                bypassCache.isSelected(), expect.getValue() == null ? StructuredView.NONE : expect.getValue(),
                latencySensitive.isSelected());
        run(p, true);
    }

    private void rerunSelected() {
        Prompt p = history.getSelectionModel().getSelectedItem();
        if (p == null) {
            return;
        }
        systemPrompt.setText(p.system());
        userPrompt.setText(p.user());
        model.setValue(p.model());
        temperature.getValueFactory().setValue(p.temperature());
        maxTokens.getValueFactory().setValue(p.maxTokens());
        bypassCache.setSelected(p.bypass());
        latencySensitive.setSelected(p.latencySensitive());
        refreshExpect();
        expect.setValue(expect.getItems().contains(p.expect()) ? p.expect() : StructuredView.NONE);
        run(p, false);
    }

    private void run(Prompt p, boolean remember) {
        formError.setText("");
        sendButton.setDisable(true);
        servedBy.setText("…");
        ChatRequest request = request(p);
        Thread.ofVirtual().name("sb-playground").start(() -> {
            try {
                ChatResult r = ctx.engine().submit(request);
                Platform.runLater(() -> show(p, r, remember));
            } catch (EngineException e) {
                Platform.runLater(() -> failed(e.getMessage()));
            } catch (RuntimeException e) {
                Platform.runLater(() -> failed("Unexpected error: " + e));
            }
        });
    }

    /** The request for {@code p}, as the playground's user ({@code console}). */
    private ChatRequest request(Prompt p) {
        ChatRequest.Builder b = ChatRequest.builder().user("console").model(p.model())
                .messages(List.of(new Message("user", p.user()))).temperature(p.temperature())
                .maxTokens(p.maxTokens()).bypassCache(p.bypass()).latencySensitive(p.latencySensitive());
        if (p.system() != null && !p.system().isBlank()) {
            b.system(p.system());
        }
        b.responseFormat(StructuredView.responseFormat(p.expect(), ctx.engine().config().parse().schemas()));
        return b.build();
    }

    private void show(Prompt p, ChatResult r, boolean remember) {
        sendButton.setDisable(false);
        servedBy.setText(switch (r.servedBy()) {
            case PROVIDER -> "provider (" + r.model() + ")";
            case COALESCED -> "shared with an identical request (answer by " + r.model() + ")";
            case STALE -> "stale cache entry (answer by " + r.model() + ")";
            default -> r.servedBy() + " cache (answer by " + r.model() + ")";
        });
        latency.setText(String.format(Locale.ROOT, "%.3f ms", r.latencyMillis()));
        tokens.setText(String.format(Locale.ROOT, "%,d in, %,d out", r.tokensIn(), r.tokensOut()));
        cost.setText(r.servedBy().isCacheHit()
                ? "$0.00 (saved " + Money.usd(r.costSavedUsd()) + ")"
                : Money.usd(r.costUsd()));
        cacheKey.setText(r.cacheKey() == null ? "" : r.cacheKey().value());
        // Why models before the answering one were passed over (fallbacks, stale answers), and retries.
        String notes = String.join("; ", r.route());
        route.setText(notes.isEmpty() ? (r.retries() > 0 ? r.retries() + " retries" : "asked model, first try")
                : notes + (r.retries() > 0 ? "; " + r.retries() + " retries" : ""));
        answer.setText(r.answer());
        showStructured(r.output());
        showRouted(r);
        if (remember) {
            history.getItems().add(0, p);
        }
    }

    /** The choices: none, json_object, then the config's named schemas. */
    private void refreshExpect() {
        String was = expect.getValue();
        List<String> items = StructuredView.choices(ctx.engine().config().parse().schemas().keySet());
        if (!items.equals(expect.getItems())) {
            expect.getItems().setAll(items);
        }
        expect.setValue(was != null && items.contains(was) ? was : StructuredView.NONE);
    }

    private void showStructured(dev.switchboard.engine.request.StructuredOutput out) {
        structured.setVisible(out != null);
        if (out == null) {
            return;
        }
        parsedBy.setText(StructuredView.headline(out));
        parseFailures.setText(StructuredView.failures(out));
        parsedValue.setText(StructuredView.pretty(out.value()));
    }

    private void failed(String message) {
        sendButton.setDisable(false);
        structured.setVisible(false);
        routeOutcome.setVisible(false);
        servedBy.setText("failed");
        formError.setText(message);
        ctx.notifier().error(message);
    }
}
