package dev.switchboard.console.budgets;

import dev.switchboard.console.ConfigEdits;
import dev.switchboard.console.ConsoleContext;
import dev.switchboard.console.FormFeedback;
import dev.switchboard.console.MainView;
import dev.switchboard.console.TextRow;
import dev.switchboard.engine.config.BudgetsConfig;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.cost.Ledger;
import dev.switchboard.engine.cost.LedgerQueries;
import dev.switchboard.report.CsvExport;
import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.Pane;
import javafx.stage.FileChooser;

/**
 * The Budgets tab: edits spending limits and thresholds and the model prices they are counted in
 * ({@link BudgetsForm} checks every keystroke; an error shows beside its field and keeps Apply disabled), applies
 * them to the running engine and the config file; and answers privacy requests, exporting or deleting one user's
 * ledger records. Ledger reads and writes, like the config file, happen on a background thread.
 */
public final class BudgetsController {
    /** How long an export or delete waits for records still in the journal to reach the database. */
    static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(10);
    private static final int SUGGESTIONS = 1000;

    private final ConsoleContext ctx;
    private final BooleanProperty privacyBusy = new SimpleBooleanProperty();

    @FXML
    private TextField daily;
    @FXML
    private TextField monthly;
    @FXML
    private TextField userDaily;
    @FXML
    private TextField userMonthly;
    @FXML
    private TextField alert;
    @FXML
    private TextField soft;
    @FXML
    private TextField hard;
    @FXML
    private Label dailyError;
    @FXML
    private Label monthlyError;
    @FXML
    private Label userDailyError;
    @FXML
    private Label userMonthlyError;
    @FXML
    private Label alertError;
    @FXML
    private Label softError;
    @FXML
    private Label hardError;
    @FXML
    private TableView<TextRow> users;
    @FXML
    private TableColumn<TextRow, String> userName;
    @FXML
    private TableColumn<TextRow, String> userDailyColumn;
    @FXML
    private TableColumn<TextRow, String> userMonthlyColumn;
    @FXML
    private Button removeUser;
    @FXML
    private Label usersError;
    @FXML
    private Button applyButton;
    @FXML
    private Button revertButton;
    @FXML
    private Label applyStatus;
    @FXML
    private TableView<TextRow> prices;
    @FXML
    private TableColumn<TextRow, String> priceModel;
    @FXML
    private TableColumn<TextRow, String> priceInput;
    @FXML
    private TableColumn<TextRow, String> priceOutput;
    @FXML
    private Label pricesError;
    @FXML
    private Button applyPricesButton;
    @FXML
    private Button revertPricesButton;
    @FXML
    private Label pricesStatus;
    @FXML
    private Pane privacyBox;
    @FXML
    private Label ledgerOff;
    @FXML
    private ComboBox<String> privacyUser;
    @FXML
    private Button exportButton;
    @FXML
    private Button deleteButton;
    @FXML
    private Label privacyStatus;

    private BudgetsForm.Result current;
    private BudgetsForm.PricesResult currentPrices;
    private boolean loadingSuggestions;

    public BudgetsController(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    @FXML
    private void initialize() {
        TextRow.bind(userName, r -> r.a);
        TextRow.bind(userDailyColumn, r -> r.b);
        TextRow.bind(userMonthlyColumn, r -> r.c);
        priceModel.setCellValueFactory(c -> c.getValue().a);
        priceModel.setEditable(false);
        TextRow.bind(priceInput, r -> r.b);
        TextRow.bind(priceOutput, r -> r.c);
        users.setItems(rows(this::recheck));
        prices.setItems(rows(this::recheckPrices));
        removeUser.disableProperty().bind(users.getSelectionModel().selectedItemProperty().isNull());
        for (TextField f : List.of(daily, monthly, userDaily, userMonthly, alert, soft, hard)) {
            f.textProperty().addListener((o, was, now) -> recheck());
        }
        // Two error lines share a row beside the daily and monthly fields: an empty one takes no room.
        for (Label l : List.of(dailyError, monthlyError, userDailyError, userMonthlyError)) {
            l.managedProperty().bind(l.textProperty().isNotEmpty());
        }
        load(ctx.engine().config());
        loadPrices(ctx.engine().config());
        initPrivacy();
    }

    private static ObservableList<TextRow> rows(Runnable onChange) {
        ObservableList<TextRow> items = FXCollections.observableArrayList(r -> new Observable[] {r.a, r.b, r.c});
        items.addListener((ListChangeListener<TextRow>) ch -> onChange.run());
        return items;
    }

    // ---- budgets ----

    private void load(SwitchboardConfig c) {
        BudgetsConfig b = c.budgets();
        daily.setText(BudgetsForm.formatLimit(b.daily()));
        monthly.setText(BudgetsForm.formatLimit(b.monthly()));
        userDaily.setText(BudgetsForm.formatLimit(b.perUser().daily()));
        userMonthly.setText(BudgetsForm.formatLimit(b.perUser().monthly()));
        alert.setText(Integer.toString(b.alertPercent()));
        soft.setText(Integer.toString(b.softPercent()));
        hard.setText(Integer.toString(b.hardPercent()));
        users.getItems().setAll(b.users().entrySet().stream().map(e -> new TextRow(e.getKey(),
                BudgetsForm.formatLimit(e.getValue().daily()), BudgetsForm.formatLimit(e.getValue().monthly())))
                .toList());
        recheck();
    }

    private void recheck() {
        if (applyButton == null || hard == null) {
            return;
        }
        current = BudgetsForm.check(daily.getText(), monthly.getText(), userDaily.getText(), userMonthly.getText(),
                alert.getText(), soft.getText(), hard.getText(),
                users.getItems().stream().map(r -> new BudgetsForm.UserRow(r.a.get(), r.b.get(), r.c.get())).toList());
        Map<String, String> e = current.errors();
        FormFeedback.fieldError(daily, dailyError, e.get(BudgetsForm.DAILY));
        FormFeedback.fieldError(monthly, monthlyError, e.get(BudgetsForm.MONTHLY));
        FormFeedback.fieldError(userDaily, userDailyError, e.get(BudgetsForm.USER_DAILY));
        FormFeedback.fieldError(userMonthly, userMonthlyError, e.get(BudgetsForm.USER_MONTHLY));
        FormFeedback.fieldError(alert, alertError, e.get(BudgetsForm.ALERT));
        FormFeedback.fieldError(soft, softError, e.get(BudgetsForm.SOFT));
        FormFeedback.fieldError(hard, hardError, e.get(BudgetsForm.HARD));
        usersError.setText(e.getOrDefault(BudgetsForm.USERS, ""));
        boolean changed = current.valid() && !current.budgets().equals(ctx.engine().config().budgets());
        applyButton.setDisable(!changed);
        FormFeedback.applyStatus(applyStatus, changed, current.valid());
    }

    @FXML
    private void addUser() {
        TextRow r = new TextRow("user-" + (users.getItems().size() + 1), "", "");
        users.getItems().add(r);
        users.getSelectionModel().select(r);
        // The new row needs its cells before one of them can edit: lay the table out first.
        users.layout();
        users.scrollTo(r);
        users.edit(users.getItems().size() - 1, userName);
    }

    @FXML
    private void removeUser() {
        users.getItems().remove(users.getSelectionModel().getSelectedItem());
    }

    @FXML
    public void apply() {
        BudgetsForm.Result r = current;
        if (r == null || !r.valid()) {
            return;
        }
        applyButton.setDisable(true);
        ConfigEdits.applyAndSave(ctx, c -> c.withBudgets(r.budgets()), "Budgets", applyStatus,
                this::recheck);
    }

    @FXML
    public void revert() {
        load(ctx.engine().config());
        applyStatus.setText("Reverted to the running budgets.");
    }

    // ---- prices ----

    private void loadPrices(SwitchboardConfig c) {
        prices.getItems().setAll(c.models().values().stream().map(m -> new TextRow(m.name(),
                BudgetsForm.formatPrice(m.inputPer1M()), BudgetsForm.formatPrice(m.outputPer1M()))).toList());
        recheckPrices();
    }

    private void recheckPrices() {
        if (applyPricesButton == null) {
            return;
        }
        currentPrices = BudgetsForm.checkPrices(prices.getItems().stream()
                .map(r -> new BudgetsForm.PriceRow(r.a.get(), r.b.get(), r.c.get())).toList());
        pricesError.setText(currentPrices.errors().getOrDefault(BudgetsForm.PRICES, ""));
        SwitchboardConfig running = ctx.engine().config();
        boolean changed = currentPrices.valid() && !currentPrices.applyTo(running).equals(running);
        applyPricesButton.setDisable(!changed);
        FormFeedback.applyStatus(pricesStatus, changed, currentPrices.valid());
    }

    @FXML
    public void applyPrices() {
        BudgetsForm.PricesResult r = currentPrices;
        if (r == null || !r.valid()) {
            return;
        }
        applyPricesButton.setDisable(true);
        ConfigEdits.applyAndSave(ctx, r::applyTo, "Prices", pricesStatus, this::recheckPrices);
    }

    @FXML
    public void revertPrices() {
        loadPrices(ctx.engine().config());
        pricesStatus.setText("Reverted to the running prices.");
    }

    // ---- privacy ----

    private void initPrivacy() {
        boolean on = ctx.engine().ledger().queries() != null;
        privacyBox.setDisable(!on);
        ledgerOff.setVisible(!on);
        ledgerOff.setManaged(!on);
        var noUser = Bindings.createBooleanBinding(() -> user().isEmpty(), privacyUser.getEditor().textProperty());
        exportButton.disableProperty().bind(noUser.or(privacyBusy));
        deleteButton.disableProperty().bind(noUser.or(privacyBusy));
        if (on) {
            privacyUser.setOnShowing(e -> loadSuggestions());
            loadSuggestions();
        }
    }

    private String user() {
        String t = privacyUser.getEditor().getText();
        return t == null ? "" : t.strip();
    }

    /** Fills the user box's list with the users the ledger has seen, in the background. */
    private void loadSuggestions() {
        LedgerQueries q = ctx.engine().ledger().queries();
        if (q == null || loadingSuggestions) {
            return;
        }
        loadingSuggestions = true;
        ctx.background().run("Loading the ledger's users", () -> q.distinct("user_name", SUGGESTIONS), names -> {
            loadingSuggestions = false;
            if (!names.equals(privacyUser.getItems())) {
                String typed = privacyUser.getEditor().getText();
                privacyUser.getItems().setAll(names);
                privacyUser.getEditor().setText(typed);
            }
        }, msg -> loadingSuggestions = false);
    }

    @FXML
    private void export() {
        String user = user();
        if (user.isEmpty()) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the records of " + user);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        chooser.setInitialFileName(user.replaceAll("[^A-Za-z0-9._-]", "_") + "-records.csv");
        File dir = ctx.workloadDir().toFile();
        if (dir.isDirectory()) {
            chooser.setInitialDirectory(dir);
        }
        File f = chooser.showSaveDialog(privacyUser.getScene().getWindow());
        if (f != null) {
            Path p = f.toPath();
            // Some platforms' save dialogs do not add the filter's extension.
            exportRecords(user, p.getFileName().toString().contains(".") ? p
                    : p.resolveSibling(p.getFileName() + ".csv"));
        }
    }

    /**
     * Writes every ledger record of {@code user} to {@code file} as CSV, in the background, after the records still
     * in the journal have reached the database. The file chooser's continuation; tests call it directly.
     */
    public void exportRecords(String user, Path file) {
        Ledger ledger = ctx.engine().ledger();
        LedgerQueries q = ledger.queries();
        if (q == null) {
            return;
        }
        privacyBusy.set(true);
        privacyStatus.setText("Exporting the records of " + user + "…");
        ctx.background().run("Export of the records of " + user, () -> {
            flush(ledger, "nothing was exported");
            Path parent = file.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".part");
            try {
                long n;
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8); CsvExport csv = CsvExport.to(w)) {
                    n = q.exportUser(user, csv::write);
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return n;
            } finally {
                Files.deleteIfExists(tmp);
            }
        }, n -> {
            privacyBusy.set(false);
            String msg = "Exported " + records(n) + " of " + user + " to " + file + ".";
            privacyStatus.setText(msg);
            ctx.notifier().info(msg);
        }, msg -> {
            privacyBusy.set(false);
            privacyStatus.setText("Not exported: see the banner.");
        });
    }

    @FXML
    private void delete() {
        String user = user();
        if (user.isEmpty() || ctx.engine().ledger().queries() == null) {
            return;
        }
        ButtonType deleteType = new ButtonType("Delete records", ButtonBar.ButtonData.OK_DONE);
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, "", deleteType, ButtonType.CANCEL);
        confirm.initOwner(privacyUser.getScene().getWindow());
        confirm.setTitle("Delete records");
        confirm.setHeaderText("Delete every cost-ledger record of " + user + "?");
        confirm.setContentText("This cannot be undone. The money " + user + " spent stays in the totals for all "
                + "traffic and per model, so budgets do not forget it; only the records that name " + user
                + " and their per-user totals are removed.");
        confirm.getDialogPane().setPrefWidth(520);
        URL css = MainView.class.getResource(MainView.STYLESHEET);
        if (css != null) {
            confirm.getDialogPane().getStylesheets().add(css.toExternalForm());
        }
        // A destructive default is one Enter away from an accident: Cancel is the default.
        Button deleteNode = (Button) confirm.getDialogPane().lookupButton(deleteType);
        deleteNode.setDefaultButton(false);
        deleteNode.getStyleClass().add("danger");
        ((Button) confirm.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        Optional<ButtonType> answer = confirm.showAndWait();
        if (answer.isPresent() && answer.get() == deleteType) {
            deleteRecords(user);
        }
    }

    private void deleteRecords(String user) {
        Ledger ledger = ctx.engine().ledger();
        LedgerQueries q = ledger.queries();
        privacyBusy.set(true);
        privacyStatus.setText("Deleting the records of " + user + "…");
        ctx.background().run("Delete of the records of " + user, () -> {
            flush(ledger, "nothing was deleted");
            return q.deleteUser(user);
        }, n -> {
            privacyBusy.set(false);
            String msg = "Deleted " + records(n) + " of " + user + ".";
            privacyStatus.setText(msg);
            ctx.notifier().info(msg);
            privacyUser.getItems().remove(user);
            privacyUser.getEditor().clear();
        }, msg -> {
            privacyBusy.set(false);
            privacyStatus.setText("Not deleted: see the banner.");
        });
    }

    /** Records still in the journal would be missed by an export, and written back after a delete: wait for them. */
    private static void flush(Ledger ledger, String consequence) throws IOException {
        if (!ledger.flush(FLUSH_TIMEOUT)) {
            String why = ledger.snapshot().reason();
            throw new IOException("the ledger could not write its pending records to the database within "
                    + FLUSH_TIMEOUT.toSeconds() + " s" + (why == null || why.isBlank() ? "" : " (" + why + ")")
                    + "; " + consequence + ". Try again when the database is back.");
        }
    }

    private static String records(long n) {
        return String.format(Locale.ROOT, "%,d record%s", n, n == 1 ? "" : "s");
    }
}
