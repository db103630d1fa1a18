package dev.switchboard.console.limits;

import dev.switchboard.console.ConfigEdits;
import dev.switchboard.console.ConsoleContext;
import dev.switchboard.console.TextRow;
import dev.switchboard.engine.EngineSnapshot;
import dev.switchboard.engine.config.BucketConfig;
import dev.switchboard.engine.config.LimitsConfig;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.limit.BucketMode;
import dev.switchboard.engine.limit.Lockout;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javafx.beans.Observable;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;

/**
 * Edits plans, per-model caps and upstream bucket rates ({@link LimitsForm} checks them; errors name the table,
 * row and column), applies them to the running engine and the config file; lists lockouts and clears them.
 */
public final class LimitsController {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final ConsoleContext ctx;

    @FXML
    private Label status;
    @FXML
    private javafx.scene.layout.VBox offPanel;
    @FXML
    private javafx.scene.layout.VBox editor;
    @FXML
    private Button turnOn;
    @FXML
    private Label turnOnStatus;
    @FXML
    private TableView<TextRow> plans;
    @FXML
    private TableColumn<TextRow, String> planName;
    @FXML
    private TableColumn<TextRow, String> planMinute;
    @FXML
    private TableColumn<TextRow, String> planHour;
    @FXML
    private Button removePlan;
    @FXML
    private TableView<TextRow> caps;
    @FXML
    private TableColumn<TextRow, String> capModel;
    @FXML
    private TableColumn<TextRow, String> capMinute;
    @FXML
    private Button removeCap;
    @FXML
    private TextField defaultRate;
    @FXML
    private TextField defaultCapacity;
    @FXML
    private TableView<TextRow> buckets;
    @FXML
    private TableColumn<TextRow, String> bucketModel;
    @FXML
    private TableColumn<TextRow, String> bucketRate;
    @FXML
    private TableColumn<TextRow, String> bucketCapacity;
    @FXML
    private Button removeBucket;
    @FXML
    private Label errors;
    @FXML
    private Button applyButton;
    @FXML
    private Button revertButton;
    @FXML
    private Label applyStatus;
    @FXML
    private Label lockoutHint;
    @FXML
    private ListView<Lockout> lockouts;
    @FXML
    private Button clearLockout;

    private LimitsForm.Result current;

    public LimitsController(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    @FXML
    private void initialize() {
        dev.switchboard.console.whatif.TryBeforeApply.install(ctx, applyButton, "limitsTry", () -> current == null || !current.valid() ? null : limitsEdit(current), "Limits",
                this::apply);
        TextRow.bind(planName, r -> r.a);
        TextRow.bind(planMinute, r -> r.b);
        TextRow.bind(planHour, r -> r.c);
        TextRow.bind(capModel, r -> r.a);
        TextRow.bind(capMinute, r -> r.b);
        TextRow.bind(bucketModel, r -> r.a);
        TextRow.bind(bucketRate, r -> r.b);
        TextRow.bind(bucketCapacity, r -> r.c);
        for (TableView<TextRow> t : List.of(plans, caps, buckets)) {
            ObservableList<TextRow> items = FXCollections.observableArrayList(r -> new Observable[] {r.a, r.b, r.c});
            items.addListener((ListChangeListener<TextRow>) ch -> recheck());
            t.setItems(items);
        }
        removePlan.disableProperty().bind(plans.getSelectionModel().selectedItemProperty().isNull());
        removeCap.disableProperty().bind(caps.getSelectionModel().selectedItemProperty().isNull());
        removeBucket.disableProperty().bind(buckets.getSelectionModel().selectedItemProperty().isNull());
        clearLockout.disableProperty().bind(lockouts.getSelectionModel().selectedItemProperty().isNull());
        defaultRate.textProperty().addListener((o, was, now) -> recheck());
        defaultCapacity.textProperty().addListener((o, was, now) -> recheck());
        lockouts.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(Lockout l, boolean empty) {
                super.updateItem(l, empty);
                setText(empty || l == null ? null : String.format(Locale.ROOT, "%s   until %s (%d min left)", l.user(),
                        TIME.format(Instant.ofEpochMilli(l.untilMillis())),
                        Math.max(0, (l.untilMillis() - System.currentTimeMillis()) / 60_000)));
            }
        });
        load(ctx.engine().config());
        ctx.poller().addListener(this::show);
    }

    private void load(SwitchboardConfig c) {
        LimitsConfig l = c.limits();
        plans.getItems().setAll(l.plans().values().stream()
                .map(p -> new TextRow(p.name(), Integer.toString(p.perMinute()), Integer.toString(p.perHour()))).toList());
        caps.getItems().setAll(l.modelCaps().entrySet().stream()
                .map(e -> new TextRow(e.getKey(), Integer.toString(e.getValue()), "")).toList());
        BucketConfig d = l.defaultBucket();
        defaultRate.setText(d == null ? "" : format(d.rate()));
        defaultCapacity.setText(d == null ? "" : Integer.toString(d.capacity()));
        buckets.getItems().setAll(l.modelBuckets().entrySet().stream()
                .map(e -> new TextRow(e.getKey(), format(e.getValue().rate()), Integer.toString(e.getValue().capacity())))
                .toList());
        boolean on = l.enabled();
        editor.setVisible(on);
        editor.setManaged(on);
        offPanel.setVisible(!on);
        offPanel.setManaged(!on);
        status.setVisible(on);
        status.setManaged(on);
        status.setText(on ? "Admission control is on" + (l.shared() ? ", shared through Redis." : ", in this instance.")
                : "");
        lockoutHint.setText("Users refused " + l.abuseStrikes() + " times within " + l.abuseWindow().toSeconds()
                + " s are locked out for " + l.lockout().toMinutes() + " min.");
        recheck();
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private void recheck() {
        if (applyButton == null) {
            return;
        }
        SwitchboardConfig running = ctx.engine().config();
        current = LimitsForm.check(running.limits(), running.models().keySet(),
                plans.getItems().stream().map(r -> new LimitsForm.PlanRow(r.a.get(), r.b.get(), r.c.get())).toList(),
                caps.getItems().stream().map(r -> new LimitsForm.CapRow(r.a.get(), r.b.get())).toList(),
                defaultRate.getText(), defaultCapacity.getText(),
                buckets.getItems().stream().map(r -> new LimitsForm.BucketRow(r.a.get(), r.b.get(), r.c.get())).toList());
        errors.setText(String.join("\n", current.errors()));
        boolean changed = current.valid() && running.limits().enabled() && !current.limits().equals(running.limits());
        applyButton.setDisable(!changed);
        if (changed) {
            applyStatus.setText("Unapplied changes.");
        } else if (!current.valid()) {
            applyStatus.setText("Fix the cells named in red to apply.");
        } else if (!applyStatus.getText().startsWith("Applied")) {
            applyStatus.setText("");
        }
    }

    private void show(EngineSnapshot s) {
        List<Lockout> now = s.limits().lockouts();
        if (!now.equals(lockouts.getItems())) {
            Lockout selected = lockouts.getSelectionModel().getSelectedItem();
            lockouts.getItems().setAll(now);
            if (selected != null) {
                now.stream().filter(l -> l.user().equals(selected.user())).findFirst()
                        .ifPresent(l -> lockouts.getSelectionModel().select(l));
            }
        }
        if (s.limits().planMode() == BucketMode.FALLBACK) {
            status.setText("Plan windows: " + s.limits().planModeReason());
        }
    }

    @FXML
    private void addPlan() {
        plans.getItems().add(new TextRow("plan-" + (plans.getItems().size() + 1), "60", "0"));
    }

    @FXML
    private void removePlan() {
        plans.getItems().remove(plans.getSelectionModel().getSelectedItem());
    }

    @FXML
    private void addCap() {
        String first = ctx.engine().config().models().keySet().iterator().next();
        caps.getItems().add(new TextRow(first, "20", ""));
    }

    @FXML
    private void removeCap() {
        caps.getItems().remove(caps.getSelectionModel().getSelectedItem());
    }

    @FXML
    private void addBucket() {
        String first = ctx.engine().config().models().keySet().iterator().next();
        buckets.getItems().add(new TextRow(first, "10", "1"));
    }

    @FXML
    private void removeBucket() {
        buckets.getItems().remove(buckets.getSelectionModel().getSelectedItem());
    }

    @FXML
    public void apply() {
        LimitsForm.Result r = current;
        if (r == null || !r.valid()) {
            return;
        }
        applyButton.setDisable(true);
        ConfigEdits.applyAndSave(ctx, limitsEdit(r), "Limits", applyStatus, this::recheck);
    }

    /** What Apply does to the running config; "Try before apply" runs the same edit. */
    private static java.util.function.UnaryOperator<dev.switchboard.engine.config.SwitchboardConfig> limitsEdit(
            LimitsForm.Result r) {
        return c -> c.withLimits(r.limits());
    }

    /** Switches admission control on with the default plans, live and in the config file. */
    @FXML
    void turnOn() {
        turnOn.setDisable(true);
        ConfigEdits.applyAndSave(ctx, c -> c.withLimits(c.limits().withEnabled(true)), "Limits", turnOnStatus, () -> {
            turnOn.setDisable(false);
            if (ctx.engine().config().limits().enabled()) {
                load(ctx.engine().config());
                applyStatus.setText("Admission control is on with the default plans.");
            }
        });
    }

    @FXML
    public void revert() {
        load(ctx.engine().config());
        applyStatus.setText("Reverted to the running limits.");
    }

    @FXML
    private void clearLockout() {
        Lockout l = lockouts.getSelectionModel().getSelectedItem();
        if (l == null) {
            return;
        }
        ctx.background().run("Clear lockout of " + l.user(), () -> ctx.engine().limits().clearLockout(l.user()),
                cleared -> {
                    lockouts.getItems().remove(l);
                    ctx.notifier().info(cleared ? "Lockout of " + l.user() + " cleared."
                            : l.user() + " was no longer locked out.");
                });
    }
}
