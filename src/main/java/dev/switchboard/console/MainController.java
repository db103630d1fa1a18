package dev.switchboard.console;

import dev.switchboard.console.traffic.TrafficController;
import dev.switchboard.engine.EngineSnapshot;
import dev.switchboard.engine.cache.TierSnapshot;
import dev.switchboard.engine.cache.TierState;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/** The window frame: menus and shortcuts, the tabs, and the status bar. */
public final class MainController {
    private final ConsoleContext ctx;

    @FXML
    private TabPane tabs;
    @FXML
    private Tab dashboardTab;
    @FXML
    private Tab trafficTab;
    @FXML
    private Tab cacheTab;
    @FXML
    private Tab playgroundTab;
    @FXML
    private Tab limitsTab;
    @FXML
    private Tab resilienceTab;
    @FXML
    private Tab costsTab;
    @FXML
    private Tab budgetsTab;
    @FXML
    private Tab keysTab;
    @FXML
    private Tab parsingTab;
    @FXML
    private Tab guardrailsTab;
    @FXML
    private Tab alertsTab;
    @FXML
    private Tab routingTab;
    @FXML
    private Tab requestsTab;
    @FXML
    private dev.switchboard.console.requests.RequestsController requestsController;
    @FXML
    private TrafficController trafficController;
    @FXML
    private dev.switchboard.console.keys.KeysController keysController;
    @FXML
    private dev.switchboard.console.costs.CostsController costsController;
    @FXML
    private dev.switchboard.console.cache.CacheController cacheController;
    @FXML
    private Label statusConfig;
    @FXML
    private Label statusTiers;
    @FXML
    private javafx.scene.control.ToggleButton gatewayToggle;
    @FXML
    private javafx.scene.control.TextField gatewayPort;

    public MainController(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    @FXML
    private void initialize() {
        statusConfig.setText("Config: " + ctx.configFile().path() + "   Instance: "
                + ctx.engine().instanceId().substring(0, 8));
        new GatewaySwitch(ctx.gateway(), ctx.background(), gatewayToggle, gatewayPort);
        ctx.poller().addListener(this::showTiers);
        ctx.poller().addListener(new BudgetAlerts(ctx.notifier())::show);
        ctx.poller().addListener(new ProviderAlerts(ctx.notifier())::show);
        // The Costs tab reports on showing, so the operator sees today's figures without a click.
        tabs.getSelectionModel().selectedItemProperty().addListener((o, before, now) -> {
            if (now == costsTab) {
                costsController.refreshIfStale();
            } else if (now == keysTab) {
                // Another process (the CLI, another console) may have created or revoked keys.
                keysController.refresh();
            }
        });
    }

    private void showTiers(EngineSnapshot s) {
        StringBuilder sb = new StringBuilder();
        for (TierSnapshot t : s.tiers()) {
            if (!sb.isEmpty()) {
                sb.append("   ");
            }
            sb.append(t.tier()).append(' ').append(t.state() == TierState.DISABLED ? "off" : t.state().name());
        }
        statusTiers.setText(sb.toString());
    }

    /**
     * The tabs by the names {@link #select} takes, in the window's order; {@code semantic} is the Cache tab's
     * semantic section, {@code inspector} the Requests tab with its newest telling request opened.
     */
    public static final java.util.List<String> TABS = java.util.List.of("dashboard", "traffic", "cache",
            "semantic", "playground", "limits", "resilience", "costs", "budgets", "keys", "parsing",
            "guardrails", "alerts", "routing", "requests", "inspector");

    /** Shows the tab named as in {@link #TABS}; any other name shows the dashboard. */
    public void select(String tab) {
        switch (tab) {
            case "traffic" -> tabs.getSelectionModel().select(trafficTab);
            case "cache" -> tabs.getSelectionModel().select(cacheTab);
            case "semantic" -> {
                tabs.getSelectionModel().select(cacheTab);
                cacheController.showSemantic(true);
            }
            case "playground" -> tabs.getSelectionModel().select(playgroundTab);
            case "limits" -> tabs.getSelectionModel().select(limitsTab);
            case "resilience" -> tabs.getSelectionModel().select(resilienceTab);
            case "costs" -> tabs.getSelectionModel().select(costsTab);
            case "budgets" -> tabs.getSelectionModel().select(budgetsTab);
            case "keys" -> tabs.getSelectionModel().select(keysTab);
            case "parsing" -> tabs.getSelectionModel().select(parsingTab);
            case "guardrails" -> tabs.getSelectionModel().select(guardrailsTab);
            case "alerts" -> tabs.getSelectionModel().select(alertsTab);
            case "routing" -> tabs.getSelectionModel().select(routingTab);
            case "requests" -> tabs.getSelectionModel().select(requestsTab);
            case "inspector" -> {
                tabs.getSelectionModel().select(requestsTab);
                requestsController.inspectNewest();
            }
            default -> tabs.getSelectionModel().select(dashboardTab);
        }
    }

    @FXML
    private void openWorkload() {
        select("traffic");
        trafficController.browse();
    }

    @FXML
    private void quit() {
        tabs.getScene().getWindow().hide();
        Platform.exit();
    }

    @FXML
    private void showDashboard() {
        select("dashboard");
    }

    @FXML
    private void showTraffic() {
        select("traffic");
    }

    @FXML
    private void showCache() {
        select("cache");
    }

    @FXML
    private void showPlayground() {
        select("playground");
    }

    @FXML
    private void showLimits() {
        select("limits");
    }

    @FXML
    private void showResilience() {
        select("resilience");
    }

    @FXML
    private void showCosts() {
        select("costs");
    }

    @FXML
    private void showBudgets() {
        select("budgets");
    }

    @FXML
    private void showKeys() {
        select("keys");
    }

    @FXML
    private void showParsing() {
        select("parsing");
    }

    @FXML
    private void showGuardrails() {
        select("guardrails");
    }

    @FXML
    private void showRouting() {
        select("routing");
    }

    @FXML
    private void showRequests() {
        select("requests");
    }
}
