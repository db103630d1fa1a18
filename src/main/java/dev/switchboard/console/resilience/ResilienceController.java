package dev.switchboard.console.resilience;

import dev.switchboard.console.ConfigEdits;
import dev.switchboard.console.ConsoleContext;
import dev.switchboard.engine.EngineSnapshot;
import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.resilience.BreakerSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;

/**
 * Edits fallback chains (an ordered list per model: drag to reorder, add, remove; cycles and unknown models are
 * refused by the config's own rules), applies them live; drills a model's breaker open or closed; lists health.
 */
public final class ResilienceController {
    private final ConsoleContext ctx;
    /** Unapplied chains, per model. */
    private final Map<String, List<String>> edits = new LinkedHashMap<>();

    @FXML
    private ComboBox<String> model;
    @FXML
    private ListView<String> chain;
    @FXML
    private ComboBox<String> addModel;
    @FXML
    private Button addButton;
    @FXML
    private Button removeButton;
    @FXML
    private Label chainError;
    @FXML
    private Button applyButton;
    @FXML
    private Button revertButton;
    @FXML
    private Label applyStatus;
    @FXML
    private ComboBox<String> drillModel;
    @FXML
    private Label drillStatus;
    @FXML
    private TableView<BreakerSnapshot> health;
    @FXML
    private TableColumn<BreakerSnapshot, String> healthModel;
    @FXML
    private TableColumn<BreakerSnapshot, String> healthState;
    @FXML
    private TableColumn<BreakerSnapshot, String> healthBreaker;
    @FXML
    private TableColumn<BreakerSnapshot, String> healthFailed;
    private final Label chainEmpty = new Label();

    private SwitchboardConfig candidate;

    public ResilienceController(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    @FXML
    private void initialize() {
        dev.switchboard.console.whatif.TryBeforeApply.install(ctx, applyButton, "resilienceTry", () -> candidate == null ? null : fallbacksEdit(), "Fallback chains",
                this::apply);
        List<String> models = new ArrayList<>(ctx.engine().config().models().keySet());
        model.getItems().setAll(models);
        addModel.getItems().setAll(models);
        drillModel.getItems().setAll(models);
        model.valueProperty().addListener((o, was, now) -> showChain());
        chain.setCellFactory(v -> new DraggableCell());
        chainEmpty.setWrapText(true);
        chainEmpty.getStyleClass().add("hint");
        chain.setPlaceholder(chainEmpty);
        // Reorder without the mouse: Ctrl+Up and Ctrl+Down move the selected entry, Delete removes it.
        chain.setOnKeyPressed(e -> {
            int i = chain.getSelectionModel().getSelectedIndex();
            if (i < 0) {
                return;
            }
            if (e.isShortcutDown() && e.getCode() == KeyCode.UP) {
                move(i, i - 1);
                e.consume();
            } else if (e.isShortcutDown() && e.getCode() == KeyCode.DOWN) {
                move(i, i + 1);
                e.consume();
            } else if (e.getCode() == KeyCode.DELETE) {
                remove();
                e.consume();
            }
        });
        healthModel.setCellValueFactory(c -> text(c.getValue().model()));
        healthState.setCellValueFactory(c -> text(c.getValue().health().name()));
        healthBreaker.setCellValueFactory(c -> text(c.getValue().state().replace('_', ' ')
                .toLowerCase(Locale.ROOT)));
        healthFailed.setCellValueFactory(c -> text(c.getValue().failureRate() < 0 ? "too few calls"
                : String.format(Locale.ROOT, "%.0f%%", c.getValue().failureRate())));
        health.setPlaceholder(new Label("No breaker has seen a call yet."));
        removeButton.disableProperty().bind(chain.getSelectionModel().selectedItemProperty().isNull());
        addButton.disableProperty().bind(addModel.valueProperty().isNull());
        ctx.poller().addListener(this::show);
        load();
        if (!models.isEmpty()) {
            model.setValue(models.get(0));
            drillModel.setValue(models.get(0));
        }
    }

    private void load() {
        edits.clear();
        ctx.engine().config().resilience().fallbacks().forEach((m, c) -> edits.put(m, new ArrayList<>(c)));
        showChain();
        recheck();
    }

    private void showChain() {
        String m = model.getValue();
        chain.getItems().setAll(m == null ? List.of() : edits.getOrDefault(m, List.of()));
        chainEmpty.setText(m == null ? "Choose a model." : "No fallbacks: when " + m
                + " cannot answer, its requests fail. Add a model below to try next.");
    }

    /** Shows {@code model}'s breaker in the drills, as the dashboard's breaker tile asks. */
    public void showBreaker(String m) {
        if (m != null && drillModel.getItems().contains(m)) {
            drillModel.setValue(m);
            health.getItems().stream().filter(b -> b.model().equals(m)).findFirst()
                    .ifPresent(b -> health.getSelectionModel().select(b));
            drillModel.requestFocus();
        }
    }

    private static javafx.beans.value.ObservableValue<String> text(String s) {
        return new javafx.beans.property.ReadOnlyStringWrapper(s);
    }

    /** Writes the list as shown back into the edits and checks the whole set with the config's rules. */
    private void changed() {
        String m = model.getValue();
        if (m != null) {
            if (chain.getItems().isEmpty()) {
                edits.remove(m);
            } else {
                edits.put(m, new ArrayList<>(chain.getItems()));
            }
        }
        recheck();
    }

    private void recheck() {
        SwitchboardConfig running = ctx.engine().config();
        try {
            candidate = running.withResilience(running.resilience().withFallbacks(edits));
            chainError.setText("");
        } catch (ConfigException e) {
            candidate = null;
            chainError.setText(e.field().replace("resilience.fallbacks.", "Chain of ") + ": " + e.reason());
        }
        boolean changed = candidate != null && !candidate.equals(running);
        applyButton.setDisable(!changed);
        applyStatus.setText(changed ? "Unapplied changes." : candidate == null ? "Fix the chain to apply." : "");
    }

    @FXML
    private void add() {
        String m = addModel.getValue();
        if (m != null && model.getValue() != null) {
            chain.getItems().add(m);
            changed();
        }
    }

    @FXML
    private void remove() {
        String m = chain.getSelectionModel().getSelectedItem();
        if (m != null) {
            chain.getItems().remove(chain.getSelectionModel().getSelectedIndex());
            changed();
        }
    }

    @FXML
    public void apply() {
        if (candidate == null) {
            return;
        }
        applyButton.setDisable(true);
        ConfigEdits.applyAndSave(ctx, fallbacksEdit(), "Fallback chains", applyStatus, this::recheck);
    }

    /** What Apply does to the running config (a copy of the chains as edited now); "Try before apply" runs it too. */
    private java.util.function.UnaryOperator<SwitchboardConfig> fallbacksEdit() {
        var chains = new java.util.LinkedHashMap<>(edits);
        return c -> c.withResilience(c.resilience().withFallbacks(chains));
    }

    @FXML
    public void revert() {
        load();
        applyStatus.setText("Reverted to the running chains.");
    }

    @FXML
    private void forceOpen() {
        drill(Boolean.TRUE, "forced open: every call to it is refused and falls back");
    }

    @FXML
    private void forceClosed() {
        drill(Boolean.FALSE, "forced closed: every call goes through, failures are not counted");
    }

    @FXML
    private void release() {
        drill(null, "back to normal (closed, counting failures afresh)");
    }

    private void drill(Boolean open, String what) {
        String m = drillModel.getValue();
        if (m == null) {
            return;
        }
        ctx.background().run("Breaker drill on " + m, () -> {
            ctx.engine().resilience().force(m, open);
            return m;
        }, done -> {
            drillStatus.setText("Breaker of " + m + " " + what + ".");
            ctx.notifier().info("Breaker of " + m + " " + what + ".");
        });
    }

    private void show(EngineSnapshot s) {
        List<BreakerSnapshot> now = s.resilience().breakers();
        if (!now.equals(health.getItems())) {
            String selected = health.getSelectionModel().getSelectedItem() == null ? null
                    : health.getSelectionModel().getSelectedItem().model();
            health.getItems().setAll(now);
            if (selected != null) {
                now.stream().filter(b -> b.model().equals(selected)).findFirst()
                        .ifPresent(b -> health.getSelectionModel().select(b));
            }
        }
    }

    /** A chain entry that can be dragged onto another to take its place. */
    private final class DraggableCell extends ListCell<String> {
        DraggableCell() {
            setOnDragDetected(e -> {
                if (getItem() == null) {
                    return;
                }
                Dragboard db = startDragAndDrop(TransferMode.MOVE);
                ClipboardContent content = new ClipboardContent();
                content.putString(Integer.toString(getIndex()));
                db.setContent(content);
                e.consume();
            });
            setOnDragOver(e -> {
                if (e.getGestureSource() != this && e.getDragboard().hasString()) {
                    e.acceptTransferModes(TransferMode.MOVE);
                }
                e.consume();
            });
            setOnDragDropped(e -> {
                boolean done = false;
                if (e.getDragboard().hasString()) {
                    int from = Integer.parseInt(e.getDragboard().getString());
                    int to = isEmpty() ? getListView().getItems().size() - 1 : getIndex();
                    move(from, to);
                    done = true;
                }
                e.setDropCompleted(done);
                e.consume();
            });
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : (getIndex() + 1) + ".  " + item);
        }
    }

    /** Moves a chain entry (also used by keyboard-free tests and the drag gesture). */
    void move(int from, int to) {
        List<String> items = chain.getItems();
        if (from < 0 || from >= items.size() || to < 0 || to >= items.size() || from == to) {
            return;
        }
        String m = items.remove(from);
        items.add(to, m);
        chain.getSelectionModel().select(to);
        changed();
    }
}
