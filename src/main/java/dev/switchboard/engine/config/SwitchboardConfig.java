package dev.switchboard.engine.config;

import dev.switchboard.engine.cache.semantic.SemanticSettings;
import dev.switchboard.engine.guard.policy.GuardSettings;
import dev.switchboard.engine.parse.ParseSettings;
import dev.switchboard.engine.telemetry.LogSettings;
import dev.switchboard.engine.telemetry.audit.AuditSettings;
import dev.switchboard.engine.telemetry.monitor.AlertSettings;
import dev.switchboard.engine.telemetry.trace.TraceSettings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole configuration, immutable. A change builds a new instance (the {@code with...} methods) that the
 * engine swaps in atomically.
 *
 * @param namespaces namespaces with a policy of their own; any other namespace is {@link NamespacePolicy#STORE}
 * @param ledger     where every answered request is recorded with its cost
 * @param budgets    spending limits per day and month, globally and per user
 * @param providers  the upstream APIs models may name; a model naming none is served by the simulator
 * @param gateway    the HTTP gateway's settings (keys, body limit, shutdown grace)
 * @param semantic   the semantic cache: answers by meaning on an exact miss (off unless the file turns it on); its
 *                   {@code provider}, when set, names an entry of {@code providers} of kind openai
 * @param parse      the output parser: strategy chain, re-prompts, named schemas and per-namespace expectations
 * @param guards     the input and output guards (PII, secrets, injection, blocklist), per namespace; all off unless
 *                   the file turns them on
 * @param logs       the log lines' format (text or JSON) and the per-request lines
 * @param tracing    OpenTelemetry traces: on or off, the OTLP endpoint, the sampling ratio (read at start)
 * @param audit      the audit trail (in the ledger's database): which requests it records, how long it keeps them
 * @param alerts     the monitors (error rate, latency SLA, spend) and where their incidents go
 * @param routing    routes a request may name instead of a model (tables, cascades, votes, experiments)
 * @param recording  recording the traffic served as a workload file (off unless the file turns it on; read at start)
 */
public record SwitchboardConfig(TiersConfig tiers, Map<String, NamespacePolicy> namespaces,
                                Map<String, ModelConfig> models, SimulatedConfig simulated, LimitsConfig limits,
                                ResilienceConfig resilience, LedgerConfig ledger, BudgetsConfig budgets,
                                Map<String, ProviderConfig> providers, GatewayConfig gateway,
                                SemanticSettings semantic, ParseSettings parse, GuardSettings guards,
                                LogSettings logs, TraceSettings tracing, AuditSettings audit,
                                AlertSettings alerts, dev.switchboard.engine.route.RoutingSettings routing,
                                RecordingConfig recording) {
    public SwitchboardConfig(TiersConfig tiers, Map<String, NamespacePolicy> namespaces,
                             Map<String, ModelConfig> models, SimulatedConfig simulated, LimitsConfig limits,
                             ResilienceConfig resilience, LedgerConfig ledger, BudgetsConfig budgets,
                             Map<String, ProviderConfig> providers, GatewayConfig gateway,
                             SemanticSettings semantic, ParseSettings parse, GuardSettings guards,
                             LogSettings logs, TraceSettings tracing, AuditSettings audit, AlertSettings alerts,
                             dev.switchboard.engine.route.RoutingSettings routing) {
        this(tiers, namespaces, models, simulated, limits, resilience, ledger, budgets, providers, gateway, semantic,
                parse, guards, logs, tracing, audit, alerts, routing, null);
    }

    public SwitchboardConfig(TiersConfig tiers, Map<String, NamespacePolicy> namespaces,
                             Map<String, ModelConfig> models, SimulatedConfig simulated, LimitsConfig limits,
                             ResilienceConfig resilience, LedgerConfig ledger, BudgetsConfig budgets,
                             Map<String, ProviderConfig> providers, GatewayConfig gateway,
                             SemanticSettings semantic, ParseSettings parse, GuardSettings guards,
                             LogSettings logs, TraceSettings tracing, AuditSettings audit, AlertSettings alerts) {
        this(tiers, namespaces, models, simulated, limits, resilience, ledger, budgets, providers, gateway, semantic,
                parse, guards, logs, tracing, audit, alerts, null);
    }

    public SwitchboardConfig(TiersConfig tiers, Map<String, NamespacePolicy> namespaces,
                             Map<String, ModelConfig> models, SimulatedConfig simulated, LimitsConfig limits,
                             ResilienceConfig resilience, LedgerConfig ledger, BudgetsConfig budgets,
                             Map<String, ProviderConfig> providers, GatewayConfig gateway,
                             SemanticSettings semantic) {
        this(tiers, namespaces, models, simulated, limits, resilience, ledger, budgets, providers, gateway, semantic,
                ParseSettings.defaults(), GuardSettings.defaults(), LogSettings.defaults(), TraceSettings.defaults(), AuditSettings.defaults(), AlertSettings.defaults());
    }

    public SwitchboardConfig(TiersConfig tiers, Map<String, NamespacePolicy> namespaces,
                             Map<String, ModelConfig> models, SimulatedConfig simulated, LimitsConfig limits,
                             ResilienceConfig resilience, LedgerConfig ledger, BudgetsConfig budgets,
                             Map<String, ProviderConfig> providers, GatewayConfig gateway,
                             SemanticSettings semantic, ParseSettings parse, GuardSettings guards) {
        this(tiers, namespaces, models, simulated, limits, resilience, ledger, budgets, providers, gateway, semantic,
                parse, guards, LogSettings.defaults(), TraceSettings.defaults(), AuditSettings.defaults(), AlertSettings.defaults());
    }

    public SwitchboardConfig(TiersConfig tiers, Map<String, NamespacePolicy> namespaces,
                             Map<String, ModelConfig> models, SimulatedConfig simulated, LimitsConfig limits,
                             ResilienceConfig resilience, LedgerConfig ledger, BudgetsConfig budgets,
                             Map<String, ProviderConfig> providers, GatewayConfig gateway,
                             SemanticSettings semantic, ParseSettings parse) {
        this(tiers, namespaces, models, simulated, limits, resilience, ledger, budgets, providers, gateway, semantic,
                parse, GuardSettings.defaults(), LogSettings.defaults(), TraceSettings.defaults(), AuditSettings.defaults(), AlertSettings.defaults());
    }

    public SwitchboardConfig(TiersConfig tiers, Map<String, NamespacePolicy> namespaces,
                             Map<String, ModelConfig> models, SimulatedConfig simulated, LimitsConfig limits,
                             ResilienceConfig resilience, LedgerConfig ledger, BudgetsConfig budgets,
                             Map<String, ProviderConfig> providers, GatewayConfig gateway) {
        this(tiers, namespaces, models, simulated, limits, resilience, ledger, budgets, providers, gateway,
                SemanticSettings.defaults());
    }

    public SwitchboardConfig(TiersConfig tiers, Map<String, NamespacePolicy> namespaces,
                             Map<String, ModelConfig> models, SimulatedConfig simulated, LimitsConfig limits,
                             ResilienceConfig resilience, LedgerConfig ledger, BudgetsConfig budgets,
                             Map<String, ProviderConfig> providers) {
        this(tiers, namespaces, models, simulated, limits, resilience, ledger, budgets, providers,
                GatewayConfig.DEFAULTS);
    }

    public SwitchboardConfig(TiersConfig tiers, Map<String, NamespacePolicy> namespaces,
                             Map<String, ModelConfig> models, SimulatedConfig simulated, LimitsConfig limits,
                             ResilienceConfig resilience, LedgerConfig ledger, BudgetsConfig budgets) {
        this(tiers, namespaces, models, simulated, limits, resilience, ledger, budgets, Map.of());
    }

    public SwitchboardConfig {
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(budgets, "budgets");
        Objects.requireNonNull(resilience, "resilience");
        Objects.requireNonNull(tiers, "tiers");
        Objects.requireNonNull(simulated, "simulated");
        Objects.requireNonNull(limits, "limits");
        gateway = gateway == null ? GatewayConfig.DEFAULTS : gateway;
        semantic = semantic == null ? SemanticSettings.defaults() : semantic;
        parse = parse == null ? ParseSettings.defaults() : parse;
        guards = guards == null ? GuardSettings.defaults() : guards;
        logs = logs == null ? LogSettings.defaults() : logs;
        tracing = tracing == null ? TraceSettings.defaults() : tracing;
        audit = audit == null ? AuditSettings.defaults() : audit;
        alerts = alerts == null ? AlertSettings.defaults() : alerts;
        routing = routing == null ? dev.switchboard.engine.route.RoutingSettings.defaults() : routing;
        recording = recording == null ? RecordingConfig.off() : recording;
        namespaces = Collections.unmodifiableMap(new LinkedHashMap<>(namespaces));
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers == null ? Map.of() : providers));
        if (providers.containsKey(ModelConfig.SIMULATED)) {
            throw new ConfigException(null, "providers." + ModelConfig.SIMULATED,
                    "is the built-in simulator's name; pick another name");
        }
        for (ModelConfig m : models.values()) {
            if (!ModelConfig.SIMULATED.equals(m.provider()) && !providers.containsKey(m.provider())) {
                throw new ConfigException(null, "models." + m.name() + ".provider", "unknown provider '"
                        + m.provider() + "'; known: " + java.util.stream.Stream.concat(
                                java.util.stream.Stream.of(ModelConfig.SIMULATED), providers.keySet().stream()).toList());
            }
        }
        namespaces.keySet().forEach(ns -> Check.key("namespaces", ns));
        if (models.isEmpty()) {
            throw new ConfigException(null, "models", "at least one model is required");
        }
        for (String m : limits.modelBuckets().keySet()) {
            if (!models.containsKey(m)) {
                throw new ConfigException(null, "limits.upstream.models." + m, "unknown model; known: " + models.keySet());
            }
        }
        for (String m : limits.modelCaps().keySet()) {
            if (!models.containsKey(m)) {
                throw new ConfigException(null, "limits.model_caps." + m, "unknown model; known: " + models.keySet());
            }
        }
        if (limits.shared() && limits.enabled() && !tiers.l2().enabled()) {
            throw new ConfigException(null, "limits.shared", "needs Redis: turn tiers.l2 on, or set shared: false");
        }
        checkFallbacks(resilience.fallbacks(), models.keySet());
        checkRouting(routing, models.keySet());
        checkSemantic(semantic, providers);
        for (String m : simulated.modelOutput().keySet()) {
            if (!models.containsKey(m)) {
                throw new ConfigException(null, "simulated.output." + m, "unknown model; known: " + models.keySet());
            }
        }
        if (simulated.quality() != null) {
            for (String m : simulated.quality().models().keySet()) {
                if (!models.containsKey(m)) {
                    throw new ConfigException(null, "simulated.quality.models." + m,
                            "unknown model; known: " + models.keySet());
                }
            }
        }
        for (Outage o : simulated.outages()) {
            if (!models.containsKey(o.model())) {
                throw new ConfigException(null, "simulated.outages.model",
                        "unknown model '" + o.model() + "'; known: " + models.keySet());
            }
        }
    }

    /**
     * A semantic cache embedding through a provider names an OpenAI-format one, and can have a threshold: a fixed
     * one, or one read off a calibration table of its own (the shipped table is a local model's).
     */
    static void checkSemantic(SemanticSettings s, Map<String, ProviderConfig> providers) {
        if (s.provider() == null) {
            return;
        }
        ProviderConfig p = providers.get(s.provider());
        if (p == null) {
            throw new ConfigException(null, "semantic.provider", "unknown provider '" + s.provider() + "'; known: "
                    + (providers.isEmpty() ? "none (add one under providers:)" : String.join(", ",
                    providers.keySet())));
        }
        if (p.kind() != ProviderKind.OPENAI) {
            throw new ConfigException(null, "semantic.provider", "provider '" + s.provider() + "' is of kind "
                    + p.kind().configName() + "; embeddings need one of kind openai (its /embeddings endpoint)");
        }
        String problem = s.calibrationProblem();
        if (problem != null) {
            int colon = problem.indexOf(':');
            throw new ConfigException(null, "semantic." + problem.substring(0, colon),
                    problem.substring(colon + 1).strip());
        }
    }

    /**
     * Routes are named apart from models (a request's {@code model} names one or the other), name known models or,
     * from a table, a route of another kind, and the premium model is a known one.
     */
    static void checkRouting(dev.switchboard.engine.route.RoutingSettings r, java.util.Set<String> models) {
        if (r.premium() != null && !models.contains(r.premium())) {
            throw new ConfigException(null, "routing.premium", "unknown model '" + r.premium() + "'; known: "
                    + models);
        }
        for (var route : r.routes().values()) {
            String at = "routing.routes." + route.name();
            if (models.contains(route.name())) {
                throw new ConfigException(null, at, "is also a model's name; a request could not say which it means");
            }
            for (String t : route.targets()) {
                if (models.contains(t)) {
                    continue;
                }
                var other = r.route(t);
                if (route instanceof dev.switchboard.engine.route.TableRoute && other != null
                        && !(other instanceof dev.switchboard.engine.route.TableRoute)) {
                    continue;
                }
                throw new ConfigException(null, at, other != null
                        ? "names route '" + t + "', which a " + route.kind() + " cannot call"
                                + (other instanceof dev.switchboard.engine.route.TableRoute
                                ? " (a table may name cascades, votes and experiments, not tables)" : "")
                        : "unknown model '" + t + "'; known: " + models
                                + (route instanceof dev.switchboard.engine.route.TableRoute
                                ? " and routes " + r.routes().keySet() : ""));
            }
        }
    }

    /** Fallback lists name known models, never their own model, and never lead back to where they started. */
    static void checkFallbacks(Map<String, List<String>> fallbacks, java.util.Set<String> models) {
        for (Map.Entry<String, List<String>> e : fallbacks.entrySet()) {
            String field = "resilience.fallbacks." + e.getKey();
            if (!models.contains(e.getKey())) {
                throw new ConfigException(null, field, "unknown model; known: " + models);
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String m : e.getValue()) {
                if (!models.contains(m)) {
                    throw new ConfigException(null, field, "unknown model '" + m + "'; known: " + models);
                }
                if (m.equals(e.getKey())) {
                    throw new ConfigException(null, field, "a model cannot fall back to itself");
                }
                if (!seen.add(m)) {
                    throw new ConfigException(null, field, "'" + m + "' is listed twice");
                }
            }
        }
        for (String start : fallbacks.keySet()) {
            List<String> path = new java.util.ArrayList<>();
            String cycle = findCycle(start, fallbacks, path, new java.util.HashSet<>());
            if (cycle != null) {
                throw new ConfigException(null, "resilience.fallbacks." + start, "cycle: " + cycle);
            }
        }
    }

    private static String findCycle(String m, Map<String, List<String>> g, List<String> path, java.util.Set<String> done) {
        int at = path.indexOf(m);
        if (at >= 0) {
            List<String> loop = new java.util.ArrayList<>(path.subList(at, path.size()));
            loop.add(m);
            return String.join(" -> ", loop);
        }
        if (!done.add(m)) {
            return null;
        }
        path.add(m);
        for (String next : g.getOrDefault(m, List.of())) {
            String c = findCycle(next, g, path, done);
            if (c != null) {
                return c;
            }
        }
        path.remove(path.size() - 1);
        return null;
    }

    public NamespacePolicy policy(String namespace) {
        return namespaces.getOrDefault(namespace, NamespacePolicy.STORE);
    }

    public SwitchboardConfig withTiers(TiersConfig t) {
        return new SwitchboardConfig(t, namespaces, models, simulated, limits, resilience, ledger, budgets,
                providers, gateway, semantic, parse, guards, logs, tracing, audit, alerts, routing, recording);
    }

    public SwitchboardConfig withNamespacePolicy(String namespace, NamespacePolicy policy) {
        Map<String, NamespacePolicy> m = new LinkedHashMap<>(namespaces);
        m.put(namespace, policy);
        return new SwitchboardConfig(tiers, m, models, simulated, limits, resilience, ledger, budgets, providers,
                gateway, semantic, parse, guards, logs, tracing, audit, alerts, routing, recording);
    }

    public SwitchboardConfig withNamespaces(Map<String, NamespacePolicy> policies) {
        return new SwitchboardConfig(tiers, policies, models, simulated, limits, resilience, ledger, budgets,
                providers, gateway, semantic, parse, guards, logs, tracing, audit, alerts, routing, recording);
    }

    public SwitchboardConfig withModel(ModelConfig model) {
        Map<String, ModelConfig> m = new LinkedHashMap<>(models);
        m.put(model.name(), model);
        return new SwitchboardConfig(tiers, namespaces, m, simulated, limits, resilience, ledger, budgets, providers,
                gateway, semantic, parse, guards, logs, tracing, audit, alerts, routing, recording);
    }

    public SwitchboardConfig withLimits(LimitsConfig l) {
        return new SwitchboardConfig(tiers, namespaces, models, simulated, l, resilience, ledger, budgets, providers,
                gateway, semantic, parse, guards, logs, tracing, audit, alerts, routing, recording);
    }

    public SwitchboardConfig withResilience(ResilienceConfig r) {
        return new SwitchboardConfig(tiers, namespaces, models, simulated, limits, r, ledger, budgets, providers,
                gateway, semantic, parse, guards, logs, tracing, audit, alerts, routing, recording);
    }

    public SwitchboardConfig withBudgets(BudgetsConfig b) {
        return new SwitchboardConfig(tiers, namespaces, models, simulated, limits, resilience, ledger, b, providers,
                gateway, semantic, parse, guards, logs, tracing, audit, alerts, routing, recording);
    }

    public SwitchboardConfig withLedger(LedgerConfig l) {
        return new SwitchboardConfig(tiers, namespaces, models, simulated, limits, resilience, l, budgets, providers,
                gateway, semantic, parse, guards, logs, tracing, audit, alerts, routing, recording);
    }

    public SwitchboardConfig withProviders(Map<String, ProviderConfig> p) {
        return new SwitchboardConfig(tiers, namespaces, models, simulated, limits, resilience, ledger, budgets, p,
                gateway, semantic, parse, guards, logs, tracing, audit, alerts, routing, recording);
    }

    public SwitchboardConfig withGateway(GatewayConfig g) {
        return new SwitchboardConfig(tiers, namespaces, models, simulated, limits, resilience, ledger, budgets,
                providers, g, semantic, parse, guards, logs, tracing, audit, alerts, routing, recording);
    }

    public SwitchboardConfig withSemantic(SemanticSettings s) {
        return new SwitchboardConfig(tiers, namespaces, models, simulated, limits, resilience, ledger, budgets,
                providers, gateway, s, parse, guards, logs, tracing, audit, alerts, routing, recording);
    }

    public SwitchboardConfig withParse(ParseSettings p) {
        return new SwitchboardConfig(tiers, namespaces, models, simulated, limits, resilience, ledger, budgets,
                providers, gateway, semantic, p, guards, logs, tracing, audit, alerts, routing, recording);
    }

    public SwitchboardConfig withRouting(dev.switchboard.engine.route.RoutingSettings r) {
        return new SwitchboardConfig(tiers, namespaces, models, simulated, limits, resilience, ledger, budgets,
                providers, gateway, semantic, parse, guards, logs, tracing, audit, alerts, r, recording);
    }

    public SwitchboardConfig withRecording(RecordingConfig r) {
        return new SwitchboardConfig(tiers, namespaces, models, simulated, limits, resilience, ledger, budgets,
                providers, gateway, semantic, parse, guards, logs, tracing, audit, alerts, routing, r);
    }

    /** The provider serving {@code model}; null for the simulator. */
    public ProviderConfig providerOf(ModelConfig model) {
        return providers.get(model.provider());
    }

    public SwitchboardConfig withSimulated(SimulatedConfig s) {
        return new SwitchboardConfig(tiers, namespaces, models, s, limits, resilience, ledger, budgets, providers,
                gateway, semantic, parse, guards, logs, tracing, audit, alerts, routing, recording);
    }

    public SwitchboardConfig withGuards(GuardSettings g) {
        return new SwitchboardConfig(tiers, namespaces, models, simulated, limits, resilience, ledger, budgets,
                providers, gateway, semantic, parse, g, logs, tracing, audit, alerts, routing, recording);
    }

    public SwitchboardConfig withLogs(LogSettings l) {
        return new SwitchboardConfig(tiers, namespaces, models, simulated, limits, resilience, ledger, budgets,
                providers, gateway, semantic, parse, guards, l, tracing, audit, alerts, routing, recording);
    }

    public SwitchboardConfig withTracing(TraceSettings t) {
        return new SwitchboardConfig(tiers, namespaces, models, simulated, limits, resilience, ledger, budgets,
                providers, gateway, semantic, parse, guards, logs, t, audit, alerts, routing, recording);
    }

    public SwitchboardConfig withAudit(AuditSettings a) {
        return new SwitchboardConfig(tiers, namespaces, models, simulated, limits, resilience, ledger, budgets,
                providers, gateway, semantic, parse, guards, logs, tracing, a, alerts, routing, recording);
    }

    public SwitchboardConfig withAlerts(AlertSettings a) {
        return new SwitchboardConfig(tiers, namespaces, models, simulated, limits, resilience, ledger, budgets,
                providers, gateway, semantic, parse, guards, logs, tracing, audit, a, routing, recording);
    }
}
