package dev.switchboard.console.keys;

import dev.switchboard.console.ConsoleContext;
import dev.switchboard.console.FormFeedback;
import dev.switchboard.console.MainView;
import dev.switchboard.engine.config.LimitsConfig;
import dev.switchboard.gateway.keys.CreatedKey;
import dev.switchboard.gateway.keys.GatewayKey;
import dev.switchboard.gateway.keys.KeyFields;
import dev.switchboard.gateway.keys.KeyStore;
import java.net.URL;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Keys tab: the gateway's keys, newest first (revoked ones greyed), a dialog to create one, its secret shown
 * once with a Copy button, and revoking with a confirmation. Every key store call runs on the background runner;
 * the FX thread only shows what came back.
 */
public final class KeysController {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final PseudoClass REVOKED = PseudoClass.getPseudoClass("revoked");
    /** The new-key dialog's width, and its fields'. */
    private static final double WIDTH = 600;
    private static final double FIELD_WIDTH = 380;

    private final ConsoleContext ctx;
    private final BooleanProperty busy = new SimpleBooleanProperty();

    @FXML
    private Label keysOff;
    @FXML
    private Button newButton;
    @FXML
    private Button revokeButton;
    @FXML
    private Button refreshButton;
    @FXML
    private Label status;
    @FXML
    private TableView<GatewayKey> table;
    @FXML
    private TableColumn<GatewayKey, String> prefixColumn;
    @FXML
    private TableColumn<GatewayKey, String> nameColumn;
    @FXML
    private TableColumn<GatewayKey, String> ownerColumn;
    @FXML
    private TableColumn<GatewayKey, String> planColumn;
    @FXML
    private TableColumn<GatewayKey, String> budgetColumn;
    @FXML
    private TableColumn<GatewayKey, String> modelsColumn;
    @FXML
    private TableColumn<GatewayKey, String> createdColumn;
    @FXML
    private TableColumn<GatewayKey, String> statusColumn;

    private boolean loading;

    public KeysController(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    @FXML
    private void initialize() {
        bind(prefixColumn, GatewayKey::prefix);
        bind(nameColumn, k -> orDash(k.name()));
        bind(ownerColumn, GatewayKey::owner);
        bind(planColumn, k -> k.plan() == null ? "default" : k.plan());
        bind(budgetColumn, k -> KeyFields.formatBudget(k.budgetMicros()));
        bind(modelsColumn, k -> k.models().isEmpty() ? "all" : String.join(", ", k.models()));
        bind(createdColumn, k -> TIME.format(k.createdAt()));
        bind(statusColumn, k -> k.revoked() ? "revoked " + TIME.format(k.revokedAt()) : "live");
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(GatewayKey k, boolean empty) {
                super.updateItem(k, empty);
                pseudoClassStateChanged(REVOKED, !empty && k != null && k.revoked());
            }
        });
        boolean on = ctx.keys() != null;
        if (!on) {
            keysOff.setText(ctx.engine().config().ledger().enabled()
                    ? "The gateway keys could not be opened on the cost ledger's database: see the log."
                    : "The cost ledger is off in this config: gateway keys live in its database, so there are none "
                    + "here.");
            keysOff.setVisible(true);
            keysOff.setManaged(true);
        }
        var selected = table.getSelectionModel().selectedItemProperty();
        newButton.setDisable(!on);
        refreshButton.setDisable(!on);
        if (on) {
            newButton.disableProperty().bind(busy);
            refreshButton.disableProperty().bind(busy);
            revokeButton.disableProperty().bind(busy.or(Bindings.createBooleanBinding(
                    () -> selected.get() == null || selected.get().revoked(), selected)));
            refresh();
        } else {
            revokeButton.setDisable(true);
        }
    }

    private static void bind(TableColumn<GatewayKey, String> c, Function<GatewayKey, String> text) {
        c.setCellValueFactory(f -> new ReadOnlyStringWrapper(f.getValue() == null ? "" : text.apply(f.getValue())));
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    /** Reloads the table in the background; the selected key stays selected. The window calls it when the tab shows. */
    @FXML
    public void refresh() {
        KeyStore keys = ctx.keys();
        if (keys == null || loading) {
            return;
        }
        loading = true;
        ctx.background().run("Loading the gateway keys", keys::list, this::show, msg -> {
            loading = false;
            status.setText("Not loaded: see the banner.");
        });
    }

    private void show(List<GatewayKey> all) {
        loading = false;
        GatewayKey was = table.getSelectionModel().getSelectedItem();
        table.getItems().setAll(all);
        if (was != null) {
            all.stream().filter(k -> k.id().equals(was.id())).findFirst()
                    .ifPresent(k -> table.getSelectionModel().select(k));
        }
        long live = all.stream().filter(k -> !k.revoked()).count();
        status.setText(all.size() + (all.size() == 1 ? " key, " : " keys, ") + live + " live");
    }

    // ---- create ----

    @FXML
    private void newKey() {
        newKeyDialog().showAndWait().ifPresent(this::create);
    }

    /**
     * The new-key dialog: owner (required), name, plan, monthly budget and models, each checked as typed
     * ({@link KeyForm}); Create stays disabled while any field is wrong.
     */
    Dialog<KeyForm.Request> newKeyDialog() {
        Dialog<KeyForm.Request> d = new Dialog<>();
        d.initOwner(table.getScene().getWindow());
        d.setTitle("New gateway key");
        d.setHeaderText("Create a key for the gateway");
        TextField owner = field("keyOwner", "user the requests are recorded as");
        TextField name = field("keyName", "what the key is for, e.g. ci-bot");
        LimitsConfig limits = ctx.engine().config().limits();
        ComboBox<String> plan = new ComboBox<>();
        plan.setId("keyPlan");
        plan.setEditable(true);
        plan.getItems().setAll(limits.plans().keySet());
        plan.setPromptText("default (" + limits.defaultPlan() + ")");
        plan.setMaxWidth(Double.MAX_VALUE);
        TextField budget = field("keyBudget", "no budget");
        budget.setAlignment(Pos.CENTER_RIGHT);
        TextField models = field("keyModels", "every model");
        Map<String, Label> errors = Map.of(KeyForm.OWNER, error("ownerError"), KeyForm.NAME, error("nameError"),
                KeyForm.PLAN, error("planError"), KeyForm.BUDGET, error("budgetError"), KeyForm.MODELS,
                error("modelsError"));
        Label warnings = new Label();
        warnings.setId("keyWarnings");
        warnings.getStyleClass().add("field-warning");
        warnings.setWrapText(true);
        warnings.setMinHeight(Region.USE_PREF_SIZE);
        warnings.setMaxWidth(WIDTH - 40);
        // Unmanaged alone, an emptied label keeps its old bounds and would take the clicks meant for what moved there.
        warnings.managedProperty().bind(warnings.textProperty().isNotEmpty());
        warnings.visibleProperty().bind(warnings.managedProperty());

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(4);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints(FIELD_WIDTH, FIELD_WIDTH, FIELD_WIDTH);
        grid.getColumnConstraints().addAll(labels, fields);
        int row = 0;
        row = addRow(grid, row, "Owner", owner, errors.get(KeyForm.OWNER), null);
        row = addRow(grid, row, "Name", name, errors.get(KeyForm.NAME), null);
        row = addRow(grid, row, "Plan", plan, errors.get(KeyForm.PLAN), null);
        row = addRow(grid, row, "Monthly budget (USD)", budget, errors.get(KeyForm.BUDGET), null);
        addRow(grid, row, "Models", models, errors.get(KeyForm.MODELS), "Comma-separated; empty for every model. "
                + "Configured: " + String.join(", ", ctx.engine().config().models().keySet())
                + (ctx.engine().config().routing().routes().isEmpty() ? "" : "; routes (each named itself): "
                + String.join(", ", ctx.engine().config().routing().routes().keySet())) + ".");
        VBox content = new VBox(10, grid, warnings);

        DialogPane pane = d.getDialogPane();
        pane.setContent(content);
        pane.setPrefWidth(WIDTH);
        style(pane);
        ButtonType create = new ButtonType("Create key", ButtonBar.ButtonData.OK_DONE);
        pane.getButtonTypes().addAll(create, ButtonType.CANCEL);
        Node createButton = pane.lookupButton(create);
        createButton.setId("createKeyButton");

        AtomicReference<KeyForm.Result> current = new AtomicReference<>();
        // "Owner: is required" only once the owner has been typed in, not as the dialog opens.
        AtomicBoolean ownerTouched = new AtomicBoolean();
        AtomicReference<String> lines = new AtomicReference<>("");
        Runnable recheck = () -> {
            KeyForm.Result r = KeyForm.check(owner.getText(), name.getText(), plan.getEditor().getText(),
                    budget.getText(), models.getText(), ctx.engine().config());
            current.set(r);
            FormFeedback.fieldError(owner, errors.get(KeyForm.OWNER),
                    ownerTouched.get() ? r.errors().get(KeyForm.OWNER) : null);
            FormFeedback.fieldError(name, errors.get(KeyForm.NAME), r.errors().get(KeyForm.NAME));
            FormFeedback.fieldError(plan.getEditor(), errors.get(KeyForm.PLAN), r.errors().get(KeyForm.PLAN));
            FormFeedback.fieldError(budget, errors.get(KeyForm.BUDGET), r.errors().get(KeyForm.BUDGET));
            FormFeedback.fieldError(models, errors.get(KeyForm.MODELS), r.errors().get(KeyForm.MODELS));
            warnings.setText(String.join("\n", r.warnings()));
            createButton.setDisable(!r.valid());
            // An error or warning line appeared or went: the dialog grows or shrinks to fit, the buttons stay in view.
            String shown = errors.values().stream().map(l -> l.getText().isEmpty() ? "-" : "x")
                    .reduce("", String::concat) + warnings.getText();
            if (!shown.equals(lines.getAndSet(shown))) {
                Platform.runLater(() -> {
                    if (pane.getScene() != null && pane.getScene().getWindow() != null) {
                        pane.getScene().getWindow().sizeToScene();
                    }
                });
            }
        };
        owner.textProperty().addListener((o, was, now) -> {
            ownerTouched.set(true);
            recheck.run();
        });
        for (var text : List.of(name.textProperty(), plan.getEditor().textProperty(), budget.textProperty(),
                models.textProperty())) {
            text.addListener((o, was, now) -> recheck.run());
        }
        recheck.run();
        d.setResultConverter(b -> b == create && current.get() != null && current.get().valid()
                ? current.get().request() : null);
        Platform.runLater(owner::requestFocus);
        return d;
    }

    private static TextField field(String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        return f;
    }

    private static Label error(String id) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("field-error");
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.setMaxWidth(FIELD_WIDTH);
        l.managedProperty().bind(l.textProperty().isNotEmpty());
        l.visibleProperty().bind(l.managedProperty());
        return l;
    }

    private static int addRow(GridPane grid, int row, String label, Node field, Label error, String hint) {
        grid.add(new Label(label), 0, row);
        grid.add(field, 1, row);
        GridPane.setHgrow(field, Priority.ALWAYS);
        grid.add(error, 1, row + 1);
        if (hint == null) {
            return row + 2;
        }
        Label h = new Label(hint);
        h.getStyleClass().add("hint");
        h.setWrapText(true);
        h.setMinHeight(Region.USE_PREF_SIZE);
        h.setMaxWidth(FIELD_WIDTH);
        grid.add(h, 1, row + 2);
        return row + 3;
    }

    /**
     * Creates the key in the background, then shows its secret once ({@link #secretDialog}). The dialog's
     * continuation; tests call it directly.
     */
    public void create(KeyForm.Request r) {
        KeyStore keys = ctx.keys();
        if (keys == null) {
            return;
        }
        busy.set(true);
        status.setText("Creating a key for " + r.owner() + "…");
        ctx.background().run("Creating a key for " + r.owner(),
                () -> {
                    dev.switchboard.gateway.keys.CreatedKey made = keys.create(r.name(), r.owner(), r.plan(),
                            r.budgetMicros(), r.models());
                    auditKey("create", made.key());
                    return made;
                }, created -> {
                    busy.set(false);
                    GatewayKey k = created.key();
                    ctx.notifier().info("Created key " + k.prefix() + " for " + k.owner() + ".");
                    refresh();
                    secretDialog(created).show();
                }, msg -> {
                    busy.set(false);
                    status.setText("Not created: see the banner.");
                });
    }

    /**
     * The new secret, once: read-only, with a Copy button and the warning that it will not be shown again. Closing
     * the dialog clears the field, so the secret lives no longer than the dialog.
     */
    Dialog<ButtonType> secretDialog(CreatedKey created) {
        GatewayKey k = created.key();
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(table.getScene().getWindow());
        d.setTitle("New gateway key");
        d.setHeaderText("Key " + k.prefix() + " created for " + k.owner() + ". Copy its secret now.");
        TextField secret = new TextField(created.secret());
        secret.setId("secretField");
        secret.setEditable(false);
        secret.getStyleClass().add("mono");
        secret.setPrefColumnCount(44);
        Label copied = new Label();
        copied.setId("copiedLabel");
        copied.getStyleClass().add("hint");
        Button copy = new Button("Copy");
        copy.setId("copyButton");
        copy.setDefaultButton(true);
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(secret.getText());
            Clipboard.getSystemClipboard().setContent(c);
            copied.setText("Copied to the clipboard.");
        });
        HBox line = new HBox(8, secret, copy);
        line.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(secret, Priority.ALWAYS);
        Label warning = new Label("This secret will not be shown again. Only its hash is stored: if it is lost, "
                + "revoke the key and create another.");
        warning.setId("secretWarning");
        warning.getStyleClass().add("field-warning");
        warning.setWrapText(true);
        Label use = new Label("Callers use it as their API key with the gateway. Key " + k.id() + ": "
                + describe(k) + ".");
        use.getStyleClass().add("hint");
        use.setWrapText(true);
        VBox content = new VBox(10, line, copied, warning, use);
        DialogPane pane = d.getDialogPane();
        pane.setContent(content);
        pane.setPrefWidth(600);
        style(pane);
        ButtonType done = new ButtonType("Done", ButtonBar.ButtonData.OK_DONE);
        pane.getButtonTypes().add(done);
        ((Button) pane.lookupButton(done)).setDefaultButton(false);
        d.setOnHidden(e -> secret.clear());
        return d;
    }

    static String describe(GatewayKey k) {
        return "plan " + (k.plan() == null ? "default" : k.plan()) + ", budget "
                + (k.budgetMicros() == null ? "none" : KeyFields.formatBudget(k.budgetMicros()) + " USD a month")
                + ", models " + (k.models().isEmpty() ? "all" : String.join(", ", k.models()));
    }

    // ---- revoke ----

    @FXML
    private void revoke() {
        GatewayKey k = table.getSelectionModel().getSelectedItem();
        if (k == null || k.revoked() || ctx.keys() == null) {
            return;
        }
        ButtonType revokeType = new ButtonType("Revoke key", ButtonBar.ButtonData.OK_DONE);
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, "", revokeType, ButtonType.CANCEL);
        confirm.initOwner(table.getScene().getWindow());
        confirm.setTitle("Revoke key");
        confirm.setHeaderText("Revoke key " + k.prefix() + (k.name() == null ? "" : " (" + k.name() + ")") + " of "
                + k.owner() + "?");
        confirm.setContentText("Callers using it are refused at once by this process and within "
                + KeyStore.CACHE_TTL.toSeconds() + " s by every running gateway. A revoked key cannot be restored: "
                + "create a new one instead.");
        confirm.getDialogPane().setPrefWidth(520);
        style(confirm.getDialogPane());
        // A destructive default is one Enter away from an accident: Cancel is the default.
        Button revokeNode = (Button) confirm.getDialogPane().lookupButton(revokeType);
        revokeNode.setDefaultButton(false);
        revokeNode.getStyleClass().add("danger");
        ((Button) confirm.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        Optional<ButtonType> answer = confirm.showAndWait();
        if (answer.isPresent() && answer.get() == revokeType) {
            revokeKey(k);
        }
    }

    /** Revokes {@code k} in the background. The confirmation's continuation; tests call it directly. */
    public void revokeKey(GatewayKey k) {
        KeyStore keys = ctx.keys();
        if (keys == null) {
            return;
        }
        busy.set(true);
        status.setText("Revoking key " + k.prefix() + "…");
        ctx.background().run("Revoking key " + k.prefix(), () -> {
            boolean done = keys.revoke(k.id());
            if (done) {
                auditKey("revoke", k);
            }
            return done;
        }, found -> {
            busy.set(false);
            ctx.notifier().info(found ? "Revoked key " + k.prefix() + " of " + k.owner() + "."
                    : "Key " + k.prefix() + " is gone from the database: nothing to revoke.");
            refresh();
        }, msg -> {
            busy.set(false);
            status.setText("Not revoked: see the banner.");
        });
    }

    /** On the background thread: the key change goes to the audit trail with the OS user (never the secret). */
    private void auditKey(String action, GatewayKey k) {
        dev.switchboard.engine.telemetry.audit.AuditLog audit = ctx.engine().audit();
        if (!audit.enabled() || audit.isClosed()) {
            return;
        }
        java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("action", action);
        d.put("via", "console");
        d.putAll(k.auditFields());
        audit.append(dev.switchboard.engine.telemetry.audit.AuditRecord.of(audit.clock().millis(),
                dev.switchboard.engine.telemetry.audit.AuditRecord.KEY, System.getProperty("user.name", "unknown"),
                k.id(), d));
    }

    private static void style(DialogPane pane) {
        URL css = MainView.class.getResource(MainView.STYLESHEET);
        if (css != null) {
            pane.getStylesheets().add(css.toExternalForm());
        }
        pane.getStyleClass().add("keys-dialog");
    }
}
