package dev.switchboard.console.alerts;

import dev.switchboard.console.ConsoleContext;
import dev.switchboard.engine.EngineSnapshot;
import dev.switchboard.engine.telemetry.monitor.AlertsSnapshot;
import dev.switchboard.engine.telemetry.monitor.Incident;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/**
 * The Alerts tab: open and recently resolved incidents from each snapshot, and the banner once per incident as it
 * opens (the FX thread only copies rows; the engine judged everything).
 */
public final class AlertsController {
    private final ConsoleContext ctx;
    private final Set<Long> announced = new HashSet<>();
    /** On the engine's clock: incidents opened before the tab existed are shown, not announced. */
    private final long since;

    @FXML
    private Label alertsSummary;
    @FXML
    private javafx.scene.control.TextField alertsThreshold;
    @FXML
    private javafx.scene.control.TextField alertsNamespaces;
    @FXML
    private javafx.scene.control.TextField alertsP95;
    @FXML
    private Label alertsError;
    @FXML
    private Label alertsApplyStatus;
    @FXML
    private TableView<Incident> alertsOpen;
    @FXML
    private TableView<Incident> alertsResolved;
    @FXML
    private TableColumn<Incident, String> aoSeverity;
    @FXML
    private TableColumn<Incident, String> aoMonitor;
    @FXML
    private TableColumn<Incident, String> aoSubject;
    @FXML
    private TableColumn<Incident, String> aoSince;
    @FXML
    private TableColumn<Incident, String> aoValue;
    @FXML
    private TableColumn<Incident, String> aoCauses;
    @FXML
    private TableColumn<Incident, String> arSeverity;
    @FXML
    private TableColumn<Incident, String> arMonitor;
    @FXML
    private TableColumn<Incident, String> arSubject;
    @FXML
    private TableColumn<Incident, String> arSince;
    @FXML
    private TableColumn<Incident, String> arResolved;
    @FXML
    private TableColumn<Incident, String> arValue;
    @FXML
    private TableColumn<Incident, String> arCauses;

    public AlertsController(ConsoleContext ctx) {
        this.ctx = ctx;
        this.since = ctx.engine().snapshot().takenAtMillis();
    }

    @FXML
    private void initialize() {
        bind(aoSeverity, IncidentRows::severity);
        bind(aoMonitor, IncidentRows::monitor);
        bind(aoSubject, Incident::subject);
        bind(aoSince, IncidentRows::since);
        bind(aoValue, IncidentRows::valueVsThreshold);
        bind(aoCauses, IncidentRows::causes);
        bind(arSeverity, i -> i.severity().wireName());
        bind(arMonitor, IncidentRows::monitor);
        bind(arSubject, Incident::subject);
        bind(arSince, IncidentRows::since);
        bind(arResolved, IncidentRows::resolvedAt);
        bind(arValue, IncidentRows::valueVsThreshold);
        bind(arCauses, IncidentRows::causes);
        alertsOpen.setRowFactory(t -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(Incident item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("alert-critical", "alert-warning", "alert-clearing");
                if (!empty && item != null) {
                    getStyleClass().add(item.clearing() ? "alert-clearing"
                            : item.severity() == dev.switchboard.engine.telemetry.monitor.Severity.CRITICAL
                            ? "alert-critical" : "alert-warning");
                }
            }
        });
        revert();
        ctx.poller().addListener(this::show);
    }

    /** The editor's fields from the running config. */
    private void revert() {
        var a = ctx.engine().config().alerts();
        alertsThreshold.setText(ThresholdsForm.percent(a.errorRate().threshold()));
        alertsNamespaces.setText(ThresholdsForm.namespaces(a.errorRate().namespaces()));
        alertsP95.setText(ThresholdsForm.target(a.latency().target()));
        alertsError.setText("");
    }

    @FXML
    private void apply() {
        ThresholdsForm.Result r = ThresholdsForm.apply(ctx.engine().config().alerts(), alertsThreshold.getText(),
                alertsNamespaces.getText(), alertsP95.getText());
        if (r.error() != null) {
            alertsError.setText("alerts." + r.error());
            return;
        }
        alertsError.setText("");
        var edited = r.settings();
        // Only the thresholds: webhooks and the rest of the section as the running config has them.
        dev.switchboard.console.ConfigEdits.applyAndSave(ctx, c -> c.withAlerts(c.alerts()
                .withErrorRate(edited.errorRate()).withLatency(edited.latency())), "Alert thresholds",
                alertsApplyStatus, () -> { });
    }

    private static void bind(TableColumn<Incident, String> c, Function<Incident, String> f) {
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(f.apply(d.getValue())));
    }

    /** Fills both tables (the poller calls it with each snapshot; tests with their own). */
    public void show(EngineSnapshot s) {
        AlertsSnapshot a = s.alerts();
        alertsOpen.getItems().setAll(a.open());
        alertsResolved.getItems().setAll(a.resolved());
        alertsSummary.setText(!a.enabled() ? "Monitors are off (alerts.enabled: false in the config)."
                : a.open().size() + " open, " + a.resolved().size() + " recently resolved. Webhooks: " + a.sent()
                + " sent, " + a.failed() + " failed, " + a.suppressed() + " held back by the rate limit.");
        // The banner once per incident; those already open when the console starts are in the table, not announced.
        for (Incident i : a.open()) {
            if (announced.add(i.id()) && i.openedAtMillis() >= since) {
                ctx.notifier().warn(IncidentRows.banner(i));
            }
        }
        if (announced.size() > 10_000) {
            announced.retainAll(a.open().stream().map(Incident::id).toList());
        }
    }
}
