package dev.switchboard.console.cache;

import dev.switchboard.console.ConfigEdits;
import dev.switchboard.console.ConsoleContext;
import dev.switchboard.console.FormFeedback;
import dev.switchboard.engine.config.ByteSizes;
import dev.switchboard.engine.config.Durations;
import dev.switchboard.engine.config.NamespacePolicy;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.config.TiersConfig;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.ChoiceBoxTableCell;
import javafx.scene.control.cell.TextFieldTableCell;

/**
 * Edits tier TTLs, the L1 size bound and namespace policies. Every keystroke is checked ({@link TtlForm}); an
 * error shows beside its field and keeps Apply disabled. Apply swaps the new config into the running engine at
 * once and writes the file back off the FX thread; Revert drops unapplied edits.
 */
public final class TtlEditorController {
    private final ConsoleContext ctx;

    @FXML
    private TextField l1Ttl;
    @FXML
    private TextField l1Max;
    @FXML
    private TextField l2Ttl;
    @FXML
    private TextField l3Ttl;
    @FXML
    private Label l1TtlError;
    @FXML
    private Label l1MaxError;
    @FXML
    private Label l2TtlError;
    @FXML
    private Label l3TtlError;
    @FXML
    private Label l1State;
    @FXML
    private Label l2State;
    @FXML
    private Label l3State;
    @FXML
    private TableView<NamespaceItem> namespaces;
    @FXML
    private TableColumn<NamespaceItem, String> nsName;
    @FXML
    private TableColumn<NamespaceItem, NamespacePolicy> nsPolicy;
    @FXML
    private Button removeNamespace;
    @FXML
    private Label namespacesError;
    @FXML
    private Label warnings;
    @FXML
    private Button applyButton;
    @FXML
    private Button revertButton;
    @FXML
    private Label applyStatus;

    private TtlForm.Result current;

    public TtlEditorController(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    /** One editable row of the namespace table. */
    public static final class NamespaceItem {
        final StringProperty name = new SimpleStringProperty();
        final ObjectProperty<NamespacePolicy> policy = new SimpleObjectProperty<>();

        NamespaceItem(String name, NamespacePolicy policy) {
            this.name.set(name);
            this.policy.set(policy);
        }
    }

    @FXML
    private void initialize() {
        dev.switchboard.console.whatif.TryBeforeApply.install(ctx, applyButton, "ttlTry", () -> current == null || !current.valid() ? null : current.edit(), "Cache settings",
                this::apply);
        nsName.setCellValueFactory(c -> c.getValue().name);
        nsName.setCellFactory(TextFieldTableCell.forTableColumn());
        nsPolicy.setCellValueFactory(c -> c.getValue().policy);
        nsPolicy.setCellFactory(ChoiceBoxTableCell.forTableColumn(new javafx.util.StringConverter<>() {
            @Override
            public String toString(NamespacePolicy p) {
                return p == null ? "" : p.configName();
            }

            @Override
            public NamespacePolicy fromString(String s) {
                return NamespacePolicy.parse(s);
            }
        }, NamespacePolicy.values()));
        namespaces.setItems(FXCollections.observableArrayList(
                item -> new javafx.beans.Observable[] {item.name, item.policy}));
        namespaces.getItems().addListener((javafx.collections.ListChangeListener<NamespaceItem>) c -> recheck());
        removeNamespace.disableProperty().bind(namespaces.getSelectionModel().selectedItemProperty().isNull());
        for (TextField f : List.of(l1Ttl, l1Max, l2Ttl, l3Ttl)) {
            f.textProperty().addListener((obs, was, now) -> recheck());
        }
        load(ctx.engine().config());
    }

    private void load(SwitchboardConfig c) {
        TiersConfig t = c.tiers();
        l1Ttl.setText(Durations.format(t.l1().ttl()));
        l1Max.setText(ByteSizes.format(t.l1().maxBytes()));
        l2Ttl.setText(Durations.format(t.l2().ttl()));
        l3Ttl.setText(Durations.format(t.l3().ttl()));
        l1State.setText(t.l1().enabled() ? "on" : "off");
        l2State.setText(t.l2().enabled() ? "on" : "off");
        l3State.setText(t.l3().enabled() ? "on" : "off");
        namespaces.getItems().setAll(c.namespaces().entrySet().stream()
                .map(e -> new NamespaceItem(e.getKey(), e.getValue())).toList());
        recheck();
    }

    private void recheck() {
        if (l1Ttl == null || applyButton == null) {
            return;
        }
        current = TtlForm.check(ctx.engine().config(), l1Ttl.getText(), l1Max.getText(), l2Ttl.getText(),
                l3Ttl.getText(), namespaces.getItems().stream()
                        .map(i -> new TtlForm.NamespaceRow(i.name.get(), i.policy.get())).toList());
        Map<String, String> e = current.errors();
        FormFeedback.fieldError(l1Ttl, l1TtlError, e.get(TtlForm.L1_TTL));
        FormFeedback.fieldError(l1Max, l1MaxError, e.get(TtlForm.L1_MAX));
        FormFeedback.fieldError(l2Ttl, l2TtlError, e.get(TtlForm.L2_TTL));
        FormFeedback.fieldError(l3Ttl, l3TtlError, e.get(TtlForm.L3_TTL));
        namespacesError.setText(e.getOrDefault(TtlForm.NAMESPACES, ""));
        warnings.setText(String.join("\n", current.warnings()));
        boolean changed = current.valid() && !current.config().equals(ctx.engine().config());
        applyButton.setDisable(!changed);
        FormFeedback.applyStatus(applyStatus, changed, current.valid());
    }

    @FXML
    private void addNamespace() {
        NamespaceItem item = new NamespaceItem("namespace-" + (namespaces.getItems().size() + 1), NamespacePolicy.NO_STORE);
        namespaces.getItems().add(item);
        namespaces.getSelectionModel().select(item);
        namespaces.edit(namespaces.getItems().size() - 1, nsName);
    }

    @FXML
    private void removeNamespace() {
        NamespaceItem item = namespaces.getSelectionModel().getSelectedItem();
        if (item != null) {
            namespaces.getItems().remove(item);
        }
    }

    @FXML
    public void apply() {
        TtlForm.Result r = current;
        if (r == null || !r.valid()) {
            return;
        }
        applyButton.setDisable(true);
        ConfigEdits.applyAndSave(ctx, r.edit(), "Cache settings", applyStatus, this::recheck);
    }

    @FXML
    public void revert() {
        load(ctx.engine().config());
        applyStatus.setText("Reverted to the running settings.");
    }
}
