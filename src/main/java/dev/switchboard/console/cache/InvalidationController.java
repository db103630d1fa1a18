package dev.switchboard.console.cache;

import dev.switchboard.console.ConsoleContext;
import dev.switchboard.engine.cache.Tier;
import dev.switchboard.engine.cache.TieredCache;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.request.CacheKey;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;

/**
 * Invalidate by key, model version or namespace; flush one tier or all. Each action asks for confirmation, runs
 * off the FX thread and reports how many entries each tier removed (or why a tier could not be reached).
 */
public final class InvalidationController {
    static final String ALL_TIERS = "All tiers";

    private final ConsoleContext ctx;
    /** Asks the operator; tests replace it to answer without a dialog. */
    private Predicate<String> confirm = InvalidationController::askWithDialog;

    @FXML
    private TextField key;
    @FXML
    private ComboBox<String> model;
    @FXML
    private TextField version;
    @FXML
    private TextField namespace;
    @FXML
    private ComboBox<String> flushTarget;
    @FXML
    private Label formError;
    @FXML
    private ListView<String> results;

    public InvalidationController(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    @FXML
    private void initialize() {
        model.getItems().setAll(ctx.engine().config().models().keySet());
        model.valueProperty().addListener((obs, was, now) -> {
            ModelConfig m = now == null ? null : ctx.engine().config().models().get(now);
            version.setText(m == null ? "" : m.version());
        });
        if (!model.getItems().isEmpty()) {
            model.setValue(model.getItems().get(0));
        }
        for (Tier t : Tier.values()) {
            if (ctx.engine().cache().isEnabled(t)) {
                flushTarget.getItems().add(t.name());
            }
        }
        flushTarget.getItems().add(ALL_TIERS);
        flushTarget.setValue(ALL_TIERS);
    }

    void setConfirm(Predicate<String> confirm) {
        this.confirm = confirm;
    }

    private static boolean askWithDialog(String question) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, question, ButtonType.OK, ButtonType.CANCEL);
        a.setHeaderText("Remove cached answers?");
        a.setTitle("Confirm");
        Optional<ButtonType> answer = a.showAndWait();
        return answer.isPresent() && answer.get() == ButtonType.OK;
    }

    @FXML
    private void invalidateKey() {
        CacheKey k;
        try {
            k = CacheKey.parse(key.getText());
        } catch (IllegalArgumentException e) {
            formError.setText("Key: " + e.getMessage());
            return;
        }
        run("Invalidate key " + shortKey(k.value()), () -> ctx.engine().cache().invalidate(k));
    }

    @FXML
    private void invalidateVersion() {
        String m = model.getValue();
        String v = version.getText() == null ? "" : version.getText().trim();
        if (m == null || v.isEmpty()) {
            formError.setText("Model version: choose a model and type its version");
            return;
        }
        run("Invalidate " + m + "@" + v, () -> ctx.engine().cache().invalidateVersion(m, v));
    }

    @FXML
    private void invalidateNamespace() {
        String ns = namespace.getText() == null ? "" : namespace.getText().trim();
        if (ns.isEmpty()) {
            formError.setText("Namespace: type the namespace to invalidate");
            return;
        }
        run("Invalidate namespace " + ns, () -> ctx.engine().cache().invalidateNamespace(ns));
    }

    @FXML
    private void flush() {
        String target = flushTarget.getValue();
        if (ALL_TIERS.equals(target)) {
            run("Flush all tiers", () -> ctx.engine().cache().flushAll());
        } else {
            Tier t = Tier.valueOf(target);
            run("Flush " + t, () -> ctx.engine().cache().flush(t));
        }
    }

    private void run(String action, Callable<TieredCache.InvalidationResult> work) {
        formError.setText("");
        if (!confirm.test(action + "?\nThis cannot be undone.")) {
            return;
        }
        ctx.background().run(action, work, r -> report(action, r));
    }

    private void report(String action, TieredCache.InvalidationResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"))).append("  ").append(action)
                .append(": removed ").append(r.total());
        if (!r.removed().isEmpty()) {
            sb.append(" (");
            boolean first = true;
            for (Tier t : Tier.values()) {
                Long n = r.removed().get(t);
                if (n != null) {
                    sb.append(first ? "" : ", ").append(t).append(' ').append(n);
                    first = false;
                }
            }
            sb.append(')');
        }
        for (Map.Entry<String, String> f : r.failed().entrySet().stream()
                .map(e -> Map.entry(e.getKey().name(), e.getValue())).toList()) {
            sb.append("; ").append(f.getValue());
        }
        results.getItems().add(0, sb.toString());
        if (r.failed().isEmpty()) {
            ctx.notifier().info(sb.substring(10));
        } else {
            ctx.notifier().error(sb.substring(10));
        }
    }

    private static String shortKey(String k) {
        return k.length() > 40 ? k.substring(0, 40) + "…" : k;
    }

    /** For tests: the newest result line. */
    public String lastResult() {
        return results.getItems().isEmpty() ? "" : results.getItems().get(0);
    }
}
