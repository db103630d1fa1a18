package dev.switchboard.console.requests;

import dev.switchboard.console.ConsoleContext;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.telemetry.RequestDetail;
import dev.switchboard.engine.telemetry.RequestEvent;
import dev.switchboard.engine.telemetry.requestlog.RecentRequests;
import dev.switchboard.engine.telemetry.requestlog.RequestEntry;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The Requests tab: the engine's request log, live. On each snapshot tick (4 Hz, on the FX thread) while the tab
 * is shown and not paused it takes {@code since(lastSeq)} from the log: a lock-free read of only the new entries,
 * at most the log's capacity, so the FX thread never waits and its work grows with the new requests, not the kept
 * ones. Rows are kept newest first, filtered and sorted through JavaFX's transformation lists.
 */
public final class RequestsController {
    private final ConsoleContext ctx;
    private final RecentRequests log;
    private final ZoneId zone = ZoneId.systemDefault();
    /** Newest first, at most the log's capacity. */
    private final ObservableList<RequestEntry> rows = FXCollections.observableArrayList();
    private final FilteredList<RequestEntry> filtered = new FilteredList<>(rows);
    private final Set<String> outcomesSeen = new HashSet<>();
    private long lastSeq;
    private RequestEntry inspected;

    @FXML
    private VBox reqRoot;
    @FXML
    private TextField reqSearch;
    @FXML
    private TextField reqUser;
    @FXML
    private TextField reqModel;
    @FXML
    private TextField reqNamespace;
    @FXML
    private ComboBox<String> reqServedBy;
    @FXML
    private ComboBox<String> reqOutcome;
    @FXML
    private TextField reqLatencyFrom;
    @FXML
    private TextField reqLatencyTo;
    @FXML
    private TextField reqCostFrom;
    @FXML
    private TextField reqCostTo;
    @FXML
    private Label reqCount;
    @FXML
    private ToggleButton reqPause;
    @FXML
    private Label reqFilterError;
    @FXML
    private Label reqEmpty;
    @FXML
    private SplitPane reqSplit;
    @FXML
    private TableView<RequestEntry> reqTable;
    @FXML
    private TableColumn<RequestEntry, Long> reqTime;
    @FXML
    private TableColumn<RequestEntry, String> reqId;
    @FXML
    private TableColumn<RequestEntry, String> reqUserCol;
    @FXML
    private TableColumn<RequestEntry, String> reqNamespaceCol;
    @FXML
    private TableColumn<RequestEntry, String> reqModelCol;
    @FXML
    private TableColumn<RequestEntry, String> reqServedByCol;
    @FXML
    private TableColumn<RequestEntry, String> reqOutcomeCol;
    @FXML
    private TableColumn<RequestEntry, Long> reqLatency;
    @FXML
    private TableColumn<RequestEntry, Long> reqCost;
    @FXML
    private TableColumn<RequestEntry, String> reqTokens;
    @FXML
    private TableColumn<RequestEntry, String> reqNotes;
    @FXML
    private ScrollPane reqInspector;
    @FXML
    private Label reqInspTitle;
    @FXML
    private GridPane reqFacts;
    @FXML
    private TimelineChart reqTimeline;
    @FXML
    private Label reqInspRoute;
    @FXML
    private Label reqInspVerdicts;
    @FXML
    private Label reqInspWithheld;
    @FXML
    private HBox reqTexts;
    @FXML
    private TextArea reqInspPrompt;
    @FXML
    private TextArea reqInspAnswer;

    public RequestsController(ConsoleContext ctx) {
        this.ctx = ctx;
        this.log = ctx.engine().requestLog();
    }

    @FXML
    private void initialize() {
        reqRoot.getStylesheets().add(RequestsController.class.getResource("/styles/requests.css").toExternalForm());
        number(reqTime, e -> e.event().atMillis(), ms -> RequestRows.time(ms, zone));
        text(reqId, e -> RequestRows.orDash(e.event().requestId()));
        text(reqUserCol, e -> RequestRows.orDash(e.event().user()));
        text(reqNamespaceCol, e -> e.event().namespace());
        text(reqModelCol, e -> RequestRows.model(e.event()));
        text(reqServedByCol, e -> RequestRows.servedBy(e.event()));
        text(reqOutcomeCol, e -> e.event().outcome());
        number(reqLatency, e -> e.event().latencyNanos(), RequestRows::millis);
        number(reqCost, e -> e.event().costMicros(), RequestRows::cost);
        text(reqTokens, e -> RequestRows.tokens(e.event()));
        text(reqNotes, e -> String.join("; ", e.event().route()));
        SortedList<RequestEntry> sorted = new SortedList<>(filtered);
        sorted.comparatorProperty().bind(reqTable.comparatorProperty());
        reqTable.setItems(sorted);
        // One line a row: a fixed height spares the table measuring every row it lays out, 4 times a second.
        reqTable.setFixedCellSize(24);
        reqTable.setRowFactory(t -> {
            TableRow<RequestEntry> row = new TableRow<>() {
                @Override
                protected void updateItem(RequestEntry item, boolean empty) {
                    super.updateItem(item, empty);
                    pseudoClassStateChanged(FAILED, !empty && item != null && item.event().failed());
                }
            };
            row.setOnMouseClicked(ev -> {
                if (ev.getButton() == MouseButton.PRIMARY && ev.getClickCount() == 2 && !row.isEmpty()) {
                    inspect(row.getItem());
                }
            });
            return row;
        });
        reqTable.setOnKeyPressed(ev -> {
            if (ev.getCode() == KeyCode.ENTER && reqTable.getSelectionModel().getSelectedItem() != null) {
                inspect(reqTable.getSelectionModel().getSelectedItem());
                ev.consume();
            }
        });
        reqRoot.addEventFilter(KeyEvent.KEY_PRESSED, this::key);

        reqServedBy.getItems().add(RequestFilter.ANY);
        for (ServedBy b : ServedBy.values()) {
            reqServedBy.getItems().add(b.name());
        }
        reqServedBy.getSelectionModel().select(0);
        reqOutcome.getItems().addAll(RequestFilter.ANY, RequestEvent.OK, RequestFilter.FAILED);
        reqOutcome.getSelectionModel().select(0);
        for (TextField f : filterFields()) {
            f.textProperty().addListener((o, a, b) -> refilter());
        }
        reqServedBy.valueProperty().addListener((o, a, b) -> refilter());
        reqOutcome.valueProperty().addListener((o, a, b) -> refilter());
        reqPause.selectedProperty().addListener((o, a, b) -> {
            reqPause.setText(b ? "Resume (Space)" : "Pause (Space)");
            if (!b) {
                refresh();
            }
            showCount();
        });
        if (!log.enabled()) {
            reqEmpty.setText("The request log is off: set logs.recent_requests in the config (default 5,000) and "
                    + "restart to keep the last requests here.");
        }
        ctx.poller().addListener(s -> refresh());
        showCount();
    }

    private static final javafx.css.PseudoClass FAILED = javafx.css.PseudoClass.getPseudoClass("failed");

    private List<TextField> filterFields() {
        return List.of(reqSearch, reqUser, reqModel, reqNamespace, reqLatencyFrom, reqLatencyTo, reqCostFrom,
                reqCostTo);
    }

    /** Space pauses or resumes, unless a field, list or button has the key; Esc closes the inspector. */
    private void key(KeyEvent ev) {
        Node focus = reqRoot.getScene() == null ? null : reqRoot.getScene().getFocusOwner();
        if (ev.getCode() == KeyCode.SPACE && !(focus instanceof TextInputControl) && !(focus instanceof ButtonBase)
                && !(focus instanceof ComboBox)) {
            reqPause.setSelected(!reqPause.isSelected());
            ev.consume();
        } else if (ev.getCode() == KeyCode.ESCAPE && inspectorOpen()) {
            closeInspector();
            ev.consume();
        }
    }

    /**
     * Takes the requests that finished since the last call into the table (newest first, the oldest beyond the
     * log's capacity dropped), unless paused or the tab is not shown: then the log keeps them for later.
     */
    public void refresh() {
        if (reqPause.isSelected() || !showing() || !log.enabled()) {
            showCount();
            return;
        }
        List<RequestEntry> news = log.since(lastSeq);
        if (!news.isEmpty()) {
            lastSeq = news.get(news.size() - 1).seq();
            int cap = log.capacity();
            List<RequestEntry> newestFirst = new ArrayList<>(Math.min(news.size(), cap));
            for (int i = news.size() - 1; i >= 0 && newestFirst.size() < cap; i--) {
                RequestEntry e = news.get(i);
                newestFirst.add(e);
                if (e.event().failed() && outcomesSeen.add(e.event().outcome())) {
                    reqOutcome.getItems().add(e.event().outcome());
                }
            }
            if (newestFirst.size() >= cap || rows.isEmpty()) {
                rows.setAll(newestFirst);
            } else {
                rows.addAll(0, newestFirst);
                if (rows.size() > cap) {
                    rows.remove(cap, rows.size());
                }
            }
        }
        showCount();
    }

    /** Whether the tab is on screen: the tab pane hides the content of the tabs not selected. */
    private boolean showing() {
        if (reqRoot.getScene() == null) {
            return false;
        }
        for (Node n = reqRoot; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private void showCount() {
        String count = String.format(Locale.ROOT, "%,d shown of %,d kept", filtered.size(), rows.size());
        long behind = log.lastSeq() - lastSeq;
        if (reqPause.isSelected()) {
            count += String.format(Locale.ROOT, "  ·  paused, %,d new", behind);
        } else {
            count += String.format(Locale.ROOT, "  ·  %,d since start", log.lastSeq());
        }
        reqCount.setText(count);
    }

    private void refilter() {
        RequestFilter.Parsed p = RequestFilter.parse(reqSearch.getText(), reqUser.getText(), reqModel.getText(),
                reqNamespace.getText(), reqServedBy.getValue(), reqOutcome.getValue(), reqLatencyFrom.getText(),
                reqLatencyTo.getText(), reqCostFrom.getText(), reqCostTo.getText());
        for (TextField f : List.of(reqLatencyFrom, reqLatencyTo, reqCostFrom, reqCostTo)) {
            f.getStyleClass().remove("invalid");
        }
        if (!p.ok()) {
            TextField bad = switch (p.field()) {
                case "latency from" -> reqLatencyFrom;
                case "latency to" -> reqLatencyTo;
                case "cost from" -> reqCostFrom;
                case "cost to" -> reqCostTo;
                default -> null;
            };
            if (bad != null) {
                bad.getStyleClass().add("invalid");
            }
            reqFilterError.setText(p.error() + " (the other filters still apply as they were)");
            reqFilterError.setVisible(true);
            reqFilterError.setManaged(true);
            return;
        }
        reqFilterError.setText("");
        reqFilterError.setVisible(false);
        reqFilterError.setManaged(false);
        filtered.setPredicate(p.filter().isEmpty() ? null : p.filter());
        showCount();
    }

    @FXML
    private void clearFilters() {
        for (TextField f : filterFields()) {
            f.clear();
        }
        reqServedBy.getSelectionModel().select(0);
        reqOutcome.getSelectionModel().select(0);
    }

    /** Shows one request in the inspector below the table. */
    public void inspect(RequestEntry entry) {
        inspected = entry;
        RequestEvent e = entry.event();
        RequestDetail d = entry.detail();
        reqInspTitle.setText(RequestRows.title(entry, zone));
        reqFacts.getChildren().clear();
        int row = 0;
        fact(row++, "User", RequestRows.orDash(e.user()) + (e.plan() == null ? "" : "  (plan " + e.plan() + ")"));
        fact(row++, "Namespace", e.namespace());
        fact(row++, "Model", RequestRows.model(e));
        fact(row++, "Served by", RequestRows.servedBy(e));
        fact(row++, "Outcome", e.outcome() + (d.failure() == null ? "" : ": " + d.failure()));
        fact(row++, "Latency", RequestRows.duration(e.latencyNanos()));
        fact(row++, "Cost", RequestRows.cost(e.costMicros()));
        fact(row++, "Tokens in / out", RequestRows.tokens(e));
        // A text area, so the whole key shows (wrapped) and can be copied.
        TextArea key = new TextArea(d.cacheKey() == null ? "—" : d.cacheKey());
        key.setEditable(false);
        key.setWrapText(true);
        key.setPrefRowCount(3);
        key.setPrefColumnCount(30);
        key.getStyleClass().addAll("mono", "cache-key");
        Label k = new Label("Cache key");
        k.getStyleClass().add("column-head");
        reqFacts.addRow(row, k, key);
        reqTimeline.show(d.steps(), e.latencyNanos());
        // Guard notes are verdicts, shown beside: here what routed the request (fallbacks, budgets, a semantic match).
        List<String> route = e.route().stream().filter(n -> !n.startsWith("guard:")).toList();
        reqInspRoute.setText(route.isEmpty() ? "none" : String.join("\n", route));
        reqInspVerdicts.setText(d.verdicts().isEmpty() ? "none" : String.join("\n", d.verdicts()));
        boolean kept = d.withheld() == null;
        reqInspWithheld.setText(kept ? "" : d.withheld());
        reqInspWithheld.setVisible(!kept);
        reqInspWithheld.setManaged(!kept);
        reqTexts.setVisible(kept);
        reqTexts.setManaged(kept);
        reqInspPrompt.setText(kept ? RequestRows.orDash(d.prompt()) : "");
        reqInspAnswer.setText(kept ? (d.answer() == null ? "— (no answer: the request failed)" : d.answer()) : "");
        if (!inspectorOpen()) {
            reqSplit.getItems().add(reqInspector);
            reqSplit.setDividerPositions(0.42);
        }
        reqInspector.setVvalue(0);
    }

    private void fact(int row, String name, String value) {
        Label n = new Label(name);
        n.getStyleClass().add("column-head");
        Label v = new Label(value);
        v.setWrapText(true);
        reqFacts.addRow(row, n, v);
    }

    @FXML
    private void closeInspector() {
        reqSplit.getItems().remove(reqInspector);
        inspected = null;
        reqTable.requestFocus();
    }

    public boolean inspectorOpen() {
        return reqSplit.getItems().contains(reqInspector);
    }

    /** The request the inspector shows, or null. */
    public RequestEntry inspected() {
        return inspected;
    }

    /**
     * Opens the newest of the most telling requests: one a provider answered with verdicts (a guard's, the parse
     * chain's), else one a provider answered, else the newest of all; for the {@code screenshot} command. False
     * when there is none.
     */
    public boolean inspectNewest() {
        refresh();
        RequestEntry pick = null;
        int best = -1;
        for (RequestEntry e : reqTable.getItems()) {
            boolean provider = e.event().servedBy() == ServedBy.PROVIDER;
            int score = (provider ? 1 : 0) + (provider && !e.detail().verdicts().isEmpty() ? 1 : 0);
            if (score > best) {
                best = score;
                pick = e;
            }
            if (best == 2) {
                break;
            }
        }
        if (pick == null) {
            return false;
        }
        reqTable.getSelectionModel().select(pick);
        reqTable.scrollTo(pick);
        inspect(pick);
        return true;
    }

    public TableView<RequestEntry> table() {
        return reqTable;
    }

    private static void text(TableColumn<RequestEntry, String> c, Function<RequestEntry, String> f) {
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(f.apply(d.getValue())));
    }

    /** A column sorted by the number, shown in words. */
    private static void number(TableColumn<RequestEntry, Long> c, Function<RequestEntry, Long> value,
                               Function<Long, String> words) {
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Long item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : words.apply(item));
            }
        });
    }
}
