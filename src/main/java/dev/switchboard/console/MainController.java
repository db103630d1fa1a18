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

/**
 * The window frame: menus and shortcuts, the tabs, the command palette (Ctrl+K) and the status bar. Views ask for
 * a tab by firing {@link Navigate}; the window shows it, and the model or user it names.
 */
public final class MainController {
    private final ConsoleContext ctx;

    @FXML
    private TabPane tabs;
    @FXML
    private javafx.scene.layout.StackPane centerStack;
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
    private dev.switchboard.console.resilience.ResilienceController resilienceController;
    private CommandPalette palette;
    /** Today's top users in the last snapshot: the palette offers their spend. */
    private volatile java.util.List<String> topUsers = java.util.List.of();
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
        ctx.poller().addListener(s -> topUsers = s.ledger().budgets().topUsers().stream()
                .map(dev.switchboard.engine.cost.BudgetsSnapshot.Spender::name).toList());
        tabs.addEventHandler(Navigate.TO, e -> {
            e.consume();
            go(e.tab(), e.subject());
        });
        palette = new CommandPalette(this::paletteEntries, this::run);
        javafx.scene.layout.StackPane.setAlignment(palette.node(), javafx.geometry.Pos.TOP_CENTER);
        javafx.scene.layout.StackPane.setMargin(palette.node(), new javafx.geometry.Insets(48, 0, 0, 0));
        centerStack.getChildren().add(palette.node());
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

    /** Shows {@code tab} and in it {@code subject}: a model's breaker in Resilience, a user's spend in Costs. */
    public void go(String tab, String subject) {
        select(tab);
        if (subject == null) {
            return;
        }
        switch (tab) {
            case "resilience" -> resilienceController.showBreaker(subject);
            case "costs" -> costsController.showUser(subject);
            default -> {
            }
        }
    }

    /** The name ({@link #TABS}) of the tab on show; "semantic" for the Cache tab's semantic section. */
    public String selected() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        if (t == cacheTab && cacheController.isSemanticShown()) {
            return "semantic";
        }
        for (String name : TABS) {
            if (tabOf(name) == t) {
                return name;
            }
        }
        return "dashboard";
    }

    private Tab tabOf(String name) {
        return switch (name) {
            case "traffic" -> trafficTab;
            case "cache", "semantic" -> cacheTab;
            case "playground" -> playgroundTab;
            case "limits" -> limitsTab;
            case "resilience" -> resilienceTab;
            case "costs" -> costsTab;
            case "budgets" -> budgetsTab;
            case "keys" -> keysTab;
            case "parsing" -> parsingTab;
            case "guardrails" -> guardrailsTab;
            case "alerts" -> alertsTab;
            case "routing" -> routingTab;
            case "requests", "inspector" -> requestsTab;
            default -> dashboardTab;
        };
    }

    /** The Traffic tab's workload file, as typed (the window remembers it). */
    public String workload() {
        return trafficController.workload();
    }

    public void setWorkload(String path) {
        trafficController.setWorkload(path);
    }

    /** Opens the command palette (Ctrl+K). */
    @FXML
    public void openPalette() {
        palette.open();
    }

    /** The palette, for tests. */
    CommandPalette palette() {
        return palette;
    }

    /** Tabs with their shortcuts, the main actions, every model's breaker and the users the console knows of. */
    PaletteIndex paletteEntries() {
        java.util.List<PaletteIndex.Entry> e = new java.util.ArrayList<>();
        String[][] tabList = {
            {"Dashboard", "Ctrl+1", "dashboard"}, {"Traffic", "Ctrl+2", "traffic"}, {"Cache", "Ctrl+3", "cache"},
            {"Semantic cache", "Cache tab", "semantic"}, {"Playground", "Ctrl+4", "playground"},
            {"Limits", "Ctrl+5", "limits"}, {"Resilience", "Ctrl+6", "resilience"}, {"Costs", "Ctrl+7", "costs"},
            {"Budgets", "Ctrl+8", "budgets"}, {"Keys", "Ctrl+9", "keys"}, {"Parsing", "Ctrl+0", "parsing"},
            {"Guardrails", "Ctrl+Shift+G", "guardrails"}, {"Alerts", "Ctrl+Shift+A", "alerts"},
            {"Routing", "Ctrl+Shift+U", "routing"}, {"Requests", "Ctrl+Shift+R", "requests"},
            {"Request inspector", "Requests tab", "inspector"},
        };
        for (String[] t : tabList) {
            e.add(new PaletteIndex.Entry(t[0], t[1], t[2], null, null, "tab " + t[2]));
        }
        e.add(new PaletteIndex.Entry("Open workload…", "Ctrl+O", null, null, "open-workload", "file replay traffic"));
        e.add(new PaletteIndex.Entry("Start the replay", "Traffic", null, null, "start-replay", "traffic run workload"));
        e.add(new PaletteIndex.Entry("Run the cost report", "Ctrl+R", null, null, "run-report", "costs report"));
        e.add(new PaletteIndex.Entry("Quit", "Ctrl+Q", null, null, "quit", "exit close"));
        for (String m : ctx.engine().config().models().keySet()) {
            e.add(new PaletteIndex.Entry("Breaker of " + m, "Resilience", "resilience", m, null, "model health drill"));
        }
        java.util.Set<String> users = new java.util.LinkedHashSet<>(topUsers);
        users.addAll(costsController.knownUsers());
        for (String u : users) {
            e.add(new PaletteIndex.Entry("Spend of " + u, "Costs", "costs", u, null, "user cost report"));
        }
        return new PaletteIndex(e);
    }

    private void run(PaletteIndex.Entry e) {
        if (e.action() == null) {
            go(e.tab(), e.subject());
            return;
        }
        switch (e.action()) {
            case "open-workload" -> openWorkload();
            case "start-replay" -> {
                select("traffic");
                trafficController.start();
            }
            case "run-report" -> {
                select("costs");
                costsController.runReport();
            }
            case "quit" -> quit();
            default -> {
            }
        }
    }

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

    @FXML
    private void showAlerts() {
        select("alerts");
    }
}
