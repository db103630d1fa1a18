package dev.switchboard.engine.config;

import dev.switchboard.engine.cache.semantic.SemanticSettings;
import dev.switchboard.engine.guard.policy.GuardMode;
import dev.switchboard.engine.guard.policy.GuardRules;
import dev.switchboard.engine.guard.policy.GuardSettings;
import dev.switchboard.engine.parse.NamespaceParse;
import dev.switchboard.engine.telemetry.monitor.AlertSettings;
import dev.switchboard.engine.telemetry.audit.AuditSettings;
import dev.switchboard.engine.telemetry.audit.AuditedRequests;
import dev.switchboard.engine.parse.ParseSettings;
import dev.switchboard.engine.parse.Strategy;
import dev.switchboard.engine.route.Complexity;
import dev.switchboard.engine.route.TaskClass;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a YAML file into a {@link SwitchboardConfig}. Every failure is a {@link ConfigException} naming the
 * file, the field path and the reason; unknown keys are errors so a typo never silently means "default".
 */
public final class ConfigLoader {
    private static final YAMLMapper YAML = new YAMLMapper();

    private final Function<String, String> env;

    public ConfigLoader() {
        this(System::getenv);
    }

    /** @param env where {@code ${NAME:-default}} references are looked up (tests pass a map) */
    public ConfigLoader(Function<String, String> env) {
        this.env = env;
    }

    public SwitchboardConfig load(Path file) {
        return parse(readFile(file), file.toString());
    }

    /**
     * Only the {@code providers} section of a config file, checked as {@link #load} checks it; the rest of the file
     * is not read (a tool that needs a provider's client, such as {@code semantic eval}, works on a file the engine
     * would still refuse for another section).
     */
    public Map<String, ProviderConfig> loadProviders(Path file) {
        return parse(readFile(file), file.toString(), root -> readProviders(root.child("providers")));
    }

    private static String readFile(Path file) {
        String source = file.toString();
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, "", "file not found");
        } catch (IOException e) {
            throw new ConfigException(source, "", "cannot read: " + e.getMessage());
        }
    }

    public SwitchboardConfig parse(String yaml, String source) {
        return parse(yaml, source, this::read);
    }

    private <T> T parse(String yaml, String source, Function<ConfigNode, T> reader) {
        rejectDuplicateKeys(yaml, source);
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new ConfigException(source, "", where + "not valid YAML: " + e.getOriginalMessage());
        }
        ConfigNode root = new ConfigNode(tree, "", source, env);
        try {
            return reader.apply(root);
        } catch (ConfigException e) {
            // Record constructors validate without knowing the file; add it here.
            if (e.source() == null) {
                throw new ConfigException(source, e.field(), e.reason());
            }
            throw e;
        }
    }

    /**
     * A key given twice in one mapping (a model listed twice) is an error naming the key and both lines: the YAML
     * reader would keep the last silently. A file that is not valid YAML is left to the reader, which says where.
     */
    private static void rejectDuplicateKeys(String yaml, String source) {
        try (JsonParser p = YAML.getFactory().createParser(yaml)) {
            Deque<Map<String, Integer>> seen = new ArrayDeque<>();
            Deque<String> path = new ArrayDeque<>();
            String field = null;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> {
                        path.addLast(field == null ? (path.isEmpty() ? "" : "[]") : field);
                        seen.addLast(t == JsonToken.START_OBJECT ? new HashMap<>() : Map.of());
                        field = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        seen.pollLast();
                        path.pollLast();
                        field = null;
                    }
                    case FIELD_NAME -> {
                        field = p.currentName();
                        int line = p.currentTokenLocation().getLineNr();
                        Integer first = seen.isEmpty() ? null : seen.peekLast().putIfAbsent(field, line);
                        if (first != null) {
                            throw new ConfigException(source, dotted(path, field),
                                    "listed twice, on lines " + first + " and " + line + "; keep one");
                        }
                    }
                    default -> field = null;
                }
            }
        } catch (IOException e) {
            // Not valid YAML: readTree reports it with the line and column.
        }
    }

    private static String dotted(Deque<String> path, String field) {
        StringBuilder sb = new StringBuilder();
        for (String part : path) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.equals("[]")) {
                sb.append("[]");
            } else {
                sb.append(sb.isEmpty() ? "" : ".").append(part);
            }
        }
        return sb.append(sb.isEmpty() ? "" : ".").append(field).toString();
    }

    private SwitchboardConfig read(ConfigNode root) {
        root.allowOnly("tiers", "namespaces", "models", "simulated", "limits", "resilience", "ledger", "budgets",
                "providers", "gateway", "semantic", "parse", "guards", "logs", "tracing", "audit", "alerts",
                "routing", "recording");
        ConfigNode tiers = root.child("tiers").allowOnly("l1", "l2", "l3");
        L3Config l3 = readL3(tiers.child("l3"));
        return new SwitchboardConfig(
                new TiersConfig(readL1(tiers.child("l1")), readL2(tiers.child("l2")), l3),
                readNamespaces(root.child("namespaces")),
                readModels(root.child("models")),
                readSimulated(root.child("simulated")),
                readLimits(root.child("limits")),
                readResilience(root.child("resilience")),
                readLedger(root.child("ledger"), l3),
                readBudgets(root.child("budgets")),
                readProviders(root.child("providers")),
                readGateway(root.child("gateway")),
                readSemantic(root.child("semantic")),
                readParse(root.child("parse")),
                readGuards(root.child("guards")),
                readLogs(root.child("logs")),
                readTracing(root.child("tracing")),
                readAudit(root.child("audit")),
                readAlerts(root.child("alerts")),
                readRouting(root.child("routing")),
                readRecording(root.child("recording")));
    }

    /**
     * {@code recording: {enabled, path, max_bytes, files, queue}}; the path defaults to
     * {@code ${SWITCHBOARD_HOME}/recordings/traffic.jsonl}, so a recording started by hand has a place to go too.
     */
    private static RecordingConfig readRecording(ConfigNode n) {
        n.allowOnly("enabled", "path", "max_bytes", "files", "queue");
        var d = RecordingConfig.off();
        String home = n.expand("${SWITCHBOARD_HOME:-~/.switchboard}");
        String path = n.string("path", home + "/recordings/traffic.jsonl");
        if (path.isBlank()) {
            throw n.child("path").error("must name a file, e.g. ${SWITCHBOARD_HOME}/recordings/traffic.jsonl");
        }
        long files = n.integer("files", d.files());
        long queue = n.integer("queue", d.queue());
        return new RecordingConfig(n.bool("enabled", false), homePath(path.strip()),
                n.byteSize("max_bytes", d.maxBytes()), (int) Math.max(-1, Math.min(Integer.MAX_VALUE, files)),
                (int) Math.max(-1, Math.min(Integer.MAX_VALUE, queue)));
    }

    /**
     * {@code routing: {premium, routes: {name: {kind: table|cascade|vote|experiment, ...}}}}. A table's row is one
     * target for every complexity or a map of {@code low}, {@code medium}, {@code high}; which names are models or
     * routes, {@link SwitchboardConfig} checks against the models section.
     */
    private static dev.switchboard.engine.route.RoutingSettings readRouting(ConfigNode n) {
        n.allowOnly("premium", "embeddings", "routes");
        Map<String, dev.switchboard.engine.route.Route> routes = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.child("routes").entries().entrySet()) {
            Check.key(n.child("routes").path(), e.getKey());
            routes.put(e.getKey(), readRoute(e.getKey(), e.getValue()));
        }
        return new dev.switchboard.engine.route.RoutingSettings(n.string("premium", null),
                n.bool("embeddings", false), routes);
    }

    private static dev.switchboard.engine.route.Route readRoute(String name, ConfigNode r) {
        String kind = r.requiredString("kind");
        try {
            return switch (kind.strip()) {
                case "table" -> {
                    r.allowOnly("kind", "table", "otherwise", "max_usd_per_request", "max_usd_per_1m", "fast_model");
                    Map<dev.switchboard.engine.route.TaskClass,
                            Map<dev.switchboard.engine.route.Complexity, String>> cells = new LinkedHashMap<>();
                    for (Map.Entry<String, ConfigNode> row : r.child("table").entries().entrySet()) {
                        dev.switchboard.engine.route.TaskClass c;
                        try {
                            c = dev.switchboard.engine.route.TaskClass.parse(row.getKey());
                        } catch (IllegalArgumentException ex) {
                            throw row.getValue().error(ex.getMessage());
                        }
                        Map<dev.switchboard.engine.route.Complexity, String> cols = new LinkedHashMap<>();
                        if (row.getValue().raw().isObject()) {
                            row.getValue().allowOnly("low", "medium", "high");
                            for (Map.Entry<String, ConfigNode> col : row.getValue().entries().entrySet()) {
                                cols.put(dev.switchboard.engine.route.Complexity.parse(col.getKey()),
                                        col.getValue().asText().strip());
                            }
                        } else {
                            String all = row.getValue().asText().strip();
                            for (dev.switchboard.engine.route.Complexity x
                                    : dev.switchboard.engine.route.Complexity.values()) {
                                cols.put(x, all);
                            }
                        }
                        cells.put(c, cols);
                    }
                    yield new dev.switchboard.engine.route.TableRoute(name, cells, r.string("otherwise", null),
                            optionalNumber(r, "max_usd_per_request"), optionalNumber(r, "max_usd_per_1m"),
                            r.string("fast_model", null));
                }
                case "cascade" -> {
                    r.allowOnly("kind", "stages", "threshold", "confidence", "field", "verifier");
                    yield new dev.switchboard.engine.route.CascadeRoute(name, strings(r.child("stages")),
                            r.number("threshold", 0.7), dev.switchboard.engine.route.Confidence.parse(
                                    r.string("confidence", "logprobs")), r.string("field", null),
                            r.string("verifier", null));
                }
                case "vote" -> {
                    r.allowOnly("kind", "voters", "field", "early_stop");
                    yield new dev.switchboard.engine.route.VoteRoute(name, strings(r.child("voters")),
                            r.string("field", null), r.bool("early_stop", true));
                }
                case "experiment" -> {
                    r.allowOnly("kind", "a", "b", "b_percent");
                    yield new dev.switchboard.engine.route.ExperimentRoute(name, r.requiredString("a").strip(),
                            r.requiredString("b").strip(), (int) r.integer("b_percent", 50));
                }
                default -> throw r.child("kind").error("unknown route kind '" + kind
                        + "'; known: table, cascade, vote, experiment");
            };
        } catch (IllegalArgumentException e) {
            throw fieldError(r, e);
        }
    }

    private static Double optionalNumber(ConfigNode n, String name) {
        return n.child(name).isMissing() ? null : n.number(name, 0);
    }

    private static List<String> strings(ConfigNode list) {
        List<String> out = new ArrayList<>();
        for (ConfigNode i : list.items()) {
            out.add(i.asText().strip());
        }
        return out;
    }

    /**
     * Over {@link AlertSettings#defaults()}. A webhook's {@code url} may be written out or name an environment
     * variable; a {@code routing_key} must name one. Neither is ever echoed in an error.
     */
    private static AlertSettings readAlerts(ConfigNode n) {
        n.allowOnly("enabled", "error_rate", "latency", "spend", "webhooks", "notify_interval", "keep_resolved",
                "resolve_after");
        AlertSettings d = AlertSettings.defaults();
        ConfigNode er = n.child("error_rate").allowOnly("enabled", "window", "min_requests", "threshold",
                "namespaces", "warn_at");
        AlertSettings.ErrorRate de = d.errorRate();
        Map<String, Double> thresholds = new LinkedHashMap<>(er.child("namespaces").isMissing() ? de.namespaces()
                : Map.of());
        for (Map.Entry<String, ConfigNode> e : er.child("namespaces").entries().entrySet()) {
            Check.key(er.child("namespaces").path(), e.getKey());
            thresholds.put(e.getKey(), er.child("namespaces").number(e.getKey(), 0));
        }
        AlertSettings.ErrorRate errorRate;
        try {
            errorRate = new AlertSettings.ErrorRate(er.bool("enabled", de.enabled()),
                    (int) er.integer("window", de.window()), (int) er.integer("min_requests",
                    Math.min(de.minRequests(), er.integer("window", de.window()))), er.number("threshold",
                    de.threshold()), thresholds, er.number("warn_at", de.warnAt()));
        } catch (IllegalArgumentException e) {
            throw fieldError(er, e);
        }
        ConfigNode lat = n.child("latency").allowOnly("p95_target", "window", "min_requests");
        AlertSettings.Latency dl = d.latency();
        String target = lat.string("p95_target", null);
        AlertSettings.Latency latency;
        try {
            // YAML 1.1 reads a bare off as false.
            boolean off = target != null && (target.strip().equals("off") || target.strip().equals("false"));
            latency = new AlertSettings.Latency(off ? null
                    : lat.positiveDuration("p95_target", dl.target()), lat.duration("window", dl.window()),
                    (int) lat.integer("min_requests", dl.minRequests()));
        } catch (IllegalArgumentException e) {
            throw fieldError(lat, e);
        }
        ConfigNode sp = n.child("spend").allowOnly("enabled", "factor", "baseline_hours", "floor");
        AlertSettings.Spend ds = d.spend();
        AlertSettings.Spend spend;
        try {
            spend = new AlertSettings.Spend(sp.bool("enabled", ds.enabled()), sp.number("factor", ds.factor()),
                    (int) sp.integer("baseline_hours", ds.baselineHours()),
                    Math.round(sp.number("floor", ds.floorMicros() / 1e6) * 1e6));
        } catch (IllegalArgumentException e) {
            throw fieldError(sp, e);
        }
        List<AlertSettings.Webhook> webhooks = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> e : n.child("webhooks").entries().entrySet()) {
            Check.key(n.child("webhooks").path(), e.getKey());
            ConfigNode w = e.getValue().allowOnly("kind", "url", "routing_key", "timeout", "attempts");
            String key = null;
            if (!w.child("routing_key").isMissing()) {
                Secret secret = w.secret("routing_key");
                if (secret.missing()) {
                    throw w.child("routing_key").error(secret.reference() + " is not set in the environment");
                }
                key = secret.reveal();
            }
            String url = w.string("url", null);
            if (url != null && url.isBlank() && !w.child("url").isMissing()) {
                throw w.child("url").error("is empty: is its environment variable set?");
            }
            try {
                webhooks.add(new AlertSettings.Webhook(e.getKey(), AlertSettings.WebhookKind.parse(
                        w.requiredString("kind")), url, key, w.positiveDuration("timeout", Duration.ofSeconds(2)),
                        (int) w.integer("attempts", 3)));
            } catch (IllegalArgumentException ex) {
                throw fieldError(w, ex);
            }
        }
        try {
            return new AlertSettings(n.bool("enabled", d.enabled()), errorRate, latency, spend, webhooks,
                    n.nonNegativeDuration("notify_interval", d.notifyInterval()),
                    (int) n.integer("keep_resolved", d.keepResolved()),
                    n.nonNegativeDuration("resolve_after", d.resolveAfter()));
        } catch (IllegalArgumentException e) {
            throw fieldError(n, e);
        }
    }

    /** {@code audit: {enabled, requests: all|failures|decisions|none, retention: 90d, queue}} over the defaults. */
    private static AuditSettings readAudit(ConfigNode n) {
        n.allowOnly("enabled", "requests", "retention", "queue");
        AuditSettings d = AuditSettings.defaults();
        AuditedRequests requests = d.requests();
        String r = n.string("requests", null);
        if (r != null) {
            try {
                requests = AuditedRequests.parse(r);
            } catch (IllegalArgumentException e) {
                throw fieldError(n, e);
            }
        }
        try {
            return new AuditSettings(n.bool("enabled", d.enabled()), requests,
                    n.duration("retention", d.retention()), (int) Math.min(Integer.MAX_VALUE,
                    n.integer("queue", d.queue())));
        } catch (IllegalArgumentException e) {
            throw fieldError(n, e);
        }
    }

    /** {@code tracing: {enabled, endpoint, sampling, service_name}} over the defaults (off). */
    private static dev.switchboard.engine.telemetry.trace.TraceSettings readTracing(ConfigNode n) {
        n.allowOnly("enabled", "endpoint", "sampling", "service_name");
        var d = dev.switchboard.engine.telemetry.trace.TraceSettings.defaults();
        try {
            return new dev.switchboard.engine.telemetry.trace.TraceSettings(n.bool("enabled", d.enabled()),
                    n.string("endpoint", d.endpoint()), n.number("sampling", d.sampling()),
                    n.string("service_name", d.serviceName()));
        } catch (IllegalArgumentException e) {
            throw fieldError(n, e);
        }
    }

    /** {@code logs: {format: text | json, requests: off | all | failures, recent_requests: N}}. */
    private static dev.switchboard.engine.telemetry.LogSettings readLogs(ConfigNode n) {
        n.allowOnly("format", "requests", "recent_requests");
        var d = dev.switchboard.engine.telemetry.LogSettings.defaults();
        try {
            boolean json = n.child("format").isMissing() ? d.json()
                    : dev.switchboard.engine.telemetry.LogSettings.parseFormat(n.string("format", "text"));
            var requests = n.child("requests").isMissing() ? d.requests()
                    : dev.switchboard.engine.telemetry.LogSettings.Requests.parse(n.child("requests").asText());
            long recent = n.integer("recent_requests", d.recentRequests());
            if (recent < 0 || recent > dev.switchboard.engine.telemetry.LogSettings.MAX_RECENT_REQUESTS) {
                throw new IllegalArgumentException("recent_requests: must be between 0 (off) and "
                        + dev.switchboard.engine.telemetry.LogSettings.MAX_RECENT_REQUESTS + ", got " + recent);
            }
            return new dev.switchboard.engine.telemetry.LogSettings(json, requests, (int) recent);
        } catch (IllegalArgumentException e) {
            throw fieldError(n, e);
        }
    }

    /**
     * Over the defaults. Schemas are written as YAML mappings (they read as JSON); a namespace names one of them,
     * or lists fields. The settings check what they can (chain, schemas compile, namespaces name known schemas) and
     * name the field; the path goes in front of it here.
     */
    private static ParseSettings readParse(ConfigNode n) {
        n.allowOnly("enabled", "chain", "max_reprompts", "raw_on_failure", "schemas", "namespaces");
        ParseSettings d = ParseSettings.defaults();
        List<Strategy> chain = d.chain();
        if (!n.child("chain").isMissing()) {
            chain = new ArrayList<>();
            for (ConfigNode c : n.child("chain").items()) {
                try {
                    chain.add(Strategy.fromId(c.asText()));
                } catch (IllegalArgumentException e) {
                    throw c.error(e.getMessage());
                }
            }
        }
        long reprompts = n.integer("max_reprompts", d.maxReprompts());
        if (reprompts < 0 || reprompts > ParseSettings.MAX_REPROMPTS) {
            throw n.child("max_reprompts").error("must be between 0 and " + ParseSettings.MAX_REPROMPTS + ", got "
                    + reprompts);
        }
        boolean raw = n.bool("raw_on_failure", d.rawOnFailure());
        Map<String, JsonNode> schemas = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.child("schemas").entries().entrySet()) {
            JsonNode schema = e.getValue().raw();
            if (schema == null || !schema.isObject()) {
                throw e.getValue().error("must be a JSON Schema written as a mapping, e.g. {type: object, "
                        + "properties: {...}}");
            }
            schemas.put(e.getKey(), schema);
        }
        Map<String, NamespaceParse> namespaces = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.child("namespaces").entries().entrySet()) {
            ConfigNode ns = e.getValue().allowOnly("schema", "fields", "raw_on_failure");
            List<String> fields = new ArrayList<>();
            for (ConfigNode f : ns.child("fields").items()) {
                fields.add(f.asText());
            }
            try {
                Check.key(n.child("namespaces").path(), e.getKey());
                namespaces.put(e.getKey(), new NamespaceParse(ns.string("schema", null), fields,
                        ns.bool("raw_on_failure", raw)));
            } catch (IllegalArgumentException ex) {
                throw fieldError(ns, ex);
            }
        }
        try {
            return new ParseSettings(n.bool("enabled", d.enabled()), chain, (int) reprompts, schemas, namespaces, raw);
        } catch (IllegalArgumentException e) {
            throw fieldError(n, e);
        }
    }

    private static final String[] GUARD_KEYS = {"pii", "secrets", "injection", "blocklist", "injection_threshold",
            "blocklist_terms", "blocklist_patterns", "phone_region", "pii_types"};

    /**
     * {@code guards: {input, output, namespaces: {NS: {input, output}}}}; each namespace's rules are read over the
     * top-level ones key by key, so a namespace names only what differs.
     */
    private static GuardSettings readGuards(ConfigNode n) {
        n.allowOnly("input", "output", "namespaces");
        GuardRules input = readGuardRules(n.child("input"), GuardRules.off());
        GuardRules output = readGuardRules(n.child("output"), GuardRules.off());
        Map<String, GuardSettings.Directions> namespaces = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.child("namespaces").entries().entrySet()) {
            Check.key(n.child("namespaces").path(), e.getKey());
            ConfigNode ns = e.getValue().allowOnly("input", "output");
            namespaces.put(e.getKey(), new GuardSettings.Directions(readGuardRules(ns.child("input"), input),
                    readGuardRules(ns.child("output"), output)));
        }
        return new GuardSettings(input, output, namespaces);
    }

    private static GuardRules readGuardRules(ConfigNode n, GuardRules base) {
        n.allowOnly(GUARD_KEYS);
        GuardMode pii = guardMode(n, "pii", base.pii());
        GuardMode secrets = guardMode(n, "secrets", base.secrets());
        GuardMode injection = guardMode(n, "injection", base.injection());
        GuardMode blocklist = guardMode(n, "blocklist", base.blocklist());
        java.util.List<String> terms = n.child("blocklist_terms").isMissing() ? base.blocklistTerms()
                : n.child("blocklist_terms").items().stream().map(ConfigNode::asText).toList();
        java.util.List<String> patterns = n.child("blocklist_patterns").isMissing() ? base.blocklistPatterns()
                : n.child("blocklist_patterns").items().stream().map(ConfigNode::asText).toList();
        java.util.Set<String> types = base.piiTypes();
        if (!n.child("pii_types").isMissing()) {
            types = new java.util.LinkedHashSet<>();
            for (ConfigNode t : n.child("pii_types").items()) {
                types.add(t.asText().strip().toLowerCase(java.util.Locale.ROOT));
            }
        }
        String region = n.string("phone_region", base.phoneRegion()).strip().toUpperCase(java.util.Locale.ROOT);
        try {
            // The rules check the region, the types and the patterns themselves ("field: reason").
            return new GuardRules(pii, secrets, injection, blocklist,
                    n.number("injection_threshold", base.injectionThreshold()), terms, patterns, region, types);
        } catch (IllegalArgumentException e) {
            throw fieldError(n, e);
        }
    }

    private static GuardMode guardMode(ConfigNode n, String name, GuardMode dflt) {
        String v = n.string(name, null);
        if (v == null) {
            return dflt;
        }
        try {
            return GuardMode.parse(v);
        } catch (IllegalArgumentException e) {
            throw n.child(name).error(e.getMessage());
        }
    }

    /** A record's "field: reason" message as a config error at that field under {@code n}. */
    private static ConfigException fieldError(ConfigNode n, IllegalArgumentException e) {
        String msg = String.valueOf(e.getMessage());
        int colon = msg.indexOf(':');
        String field = colon > 0 ? msg.substring(0, colon).strip() : "";
        boolean named = !field.isEmpty() && !field.contains(" ");
        return new ConfigException(null, n.path() + (named ? "." + field : ""),
                named ? msg.substring(colon + 1).strip() : msg);
    }

    /**
     * Over the shipped defaults; {@code threshold} given alone replaces the default {@code max_false_rate}. With
     * {@code provider}, {@code model} is the endpoint's own model id and must be given; which providers exist, and
     * whether a threshold can be had for that model, {@link SwitchboardConfig} checks with the other sections.
     */
    private static SemanticSettings readSemantic(ConfigNode n) {
        n.allowOnly("enabled", "model", "provider", "threshold", "max_false_rate", "margin", "margin_weight",
                "near_copy", "floor", "max_turns", "checks", "candidates", "brute_force_below", "calibration");
        SemanticSettings d = SemanticSettings.defaults();
        String provider = n.string("provider", null);
        if (provider != null && provider.isBlank()) {
            throw n.child("provider").error("must name a providers entry of kind openai, or be left out for a local "
                    + "model");
        }
        String model = n.string("model", provider == null ? d.model() : null);
        if (provider != null) {
            if (model == null || model.isBlank()) {
                throw n.child("model").error("is required with provider '" + provider + "': the endpoint's "
                        + "embedding model id, e.g. text-embedding-3-small");
            }
        } else if (!dev.switchboard.engine.cache.semantic.Embedders.localModels().contains(model)) {
            throw n.child("model").error("unknown embedding model '" + model + "'; known: "
                    + String.join(", ", dev.switchboard.engine.cache.semantic.Embedders.localModels())
                    + " (or set provider to embed through an OpenAI-compatible endpoint)");
        }
        Double threshold = n.child("threshold").isMissing() ? null : n.number("threshold", 0);
        Double maxFalse = n.child("max_false_rate").isMissing() ? (threshold == null ? d.maxFalseRate() : null)
                : Double.valueOf(n.number("max_false_rate", 0));
        java.util.Set<String> checks = d.checks();
        if (!n.child("checks").isMissing()) {
            checks = new java.util.LinkedHashSet<>();
            for (ConfigNode c : n.child("checks").items()) {
                checks.add(c.asText());
            }
        }
        try {
            return new SemanticSettings(n.bool("enabled", d.enabled()), model, threshold,
                    maxFalse, n.number("margin", d.margin()), n.number("margin_weight", d.marginWeight()),
                    n.number("near_copy", d.nearCopy()), n.number("floor", d.floor()),
                    (int) n.integer("max_turns", d.maxTurns()), checks, (int) n.integer("candidates", d.candidates()),
                    (int) n.integer("brute_force_below", d.bruteForceBelow()),
                    n.string("calibration", d.calibration()), provider);
        } catch (IllegalArgumentException e) {
            // The settings name the field first ("margin: must be ..."): the path goes in front of it.
            String msg = String.valueOf(e.getMessage());
            int colon = msg.indexOf(':');
            String field = colon > 0 ? msg.substring(0, colon).strip() : "";
            throw new ConfigException(null, n.path() + (field.isEmpty() || field.contains(" ") ? "" : "." + field),
                    colon > 0 && !field.contains(" ") ? msg.substring(colon + 1).strip() : msg);
        }
    }

    private static GatewayConfig readGateway(ConfigNode n) {
        n.allowOnly("require_keys", "max_body", "grace");
        Boolean keys = n.child("require_keys").isMissing() ? null : n.bool("require_keys", false);
        return new GatewayConfig(keys, n.byteSize("max_body", GatewayConfig.DEFAULT_MAX_BODY),
                n.positiveDuration("grace", GatewayConfig.DEFAULT_GRACE));
    }

    private static Map<String, ProviderConfig> readProviders(ConfigNode n) {
        Map<String, ProviderConfig> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.entries().entrySet()) {
            ConfigNode p = e.getValue().allowOnly("kind", "base_url", "api_key", "headers", "connect_timeout",
                    "read_timeout", "api_version");
            ProviderKind kind = ProviderKind.parse(p.child("kind").path(), p.requiredString("kind"));
            Map<String, String> headers = new LinkedHashMap<>();
            for (Map.Entry<String, ConfigNode> h : p.child("headers").entries().entrySet()) {
                headers.put(h.getKey(), p.child("headers").string(h.getKey(), ""));
            }
            out.put(e.getKey(), new ProviderConfig(e.getKey(), kind, p.string("base_url", null), p.secret("api_key"),
                    headers, p.positiveDuration("connect_timeout", Duration.ofSeconds(5)),
                    p.positiveDuration("read_timeout", Duration.ofSeconds(120)), p.string("api_version", null)));
        }
        return out;
    }

    /**
     * The ledger is on unless switched off. Its database defaults to L3's, or to the embedded H2 file beside the
     * journal, so a config written before the ledger existed still records every dollar.
     */
    private static LedgerConfig readLedger(ConfigNode n, L3Config l3) {
        n.allowOnly("enabled", "url", "user", "password", "journal", "batch_size", "flush_interval");
        LedgerConfig d = LedgerConfig.OFF;
        if (!n.bool("enabled", true)) {
            return d;
        }
        String home = n.expand("${SWITCHBOARD_HOME:-~/.switchboard}");
        String url = n.string("url", null);
        String user = n.string("user", null);
        String password = n.string("password", null);
        if (url == null && l3.enabled() && l3.url() != null) {
            url = l3.url();
            user = l3.user();
            password = l3.password();
        } else if (url == null) {
            url = "jdbc:h2:file:" + home + "/switchboard;AUTO_SERVER=TRUE";
        }
        long batch = n.integer("batch_size", d.batchSize());
        if (batch < 1 || batch > 100_000) {
            throw n.child("batch_size").error("must be between 1 and 100000, got " + batch);
        }
        return new LedgerConfig(true, url, user, password, homePath(n.string("journal", home + "/journal")),
                (int) batch, n.positiveDuration("flush_interval", d.flushInterval()));
    }

    /** {@code ~} means the user's home, as it does for H2's file URLs. */
    private static java.nio.file.Path homePath(String p) {
        String expanded = p.equals("~") || p.startsWith("~/") ? System.getProperty("user.home") + p.substring(1) : p;
        return java.nio.file.Path.of(expanded);
    }

    private static BudgetsConfig readBudgets(ConfigNode n) {
        BudgetsConfig d = BudgetsConfig.NONE;
        if (n.isMissing()) {
            return d;
        }
        n.allowOnly("daily", "monthly", "per_user", "users", "thresholds");
        Map<String, BudgetsConfig.UserBudget> users = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.child("users").entries().entrySet()) {
            try {
                users.put(e.getKey(), readUserBudget(e.getValue()));
            } catch (ConfigException ex) {
                throw ex.source() == null ? e.getValue().error(ex.reason()) : ex;
            }
        }
        ConfigNode t = n.child("thresholds").allowOnly("alert", "soft", "hard");
        return new BudgetsConfig(usd(n, "daily"), usd(n, "monthly"), readUserBudget(n.child("per_user")), users,
                percent(t, "alert", d.alertPercent()), percent(t, "soft", d.softPercent()),
                percent(t, "hard", d.hardPercent()));
    }

    private static BudgetsConfig.UserBudget readUserBudget(ConfigNode n) {
        n.allowOnly("daily", "monthly");
        return new BudgetsConfig.UserBudget(usd(n, "daily"), usd(n, "monthly"));
    }

    /** A dollar amount, written {@code 25}, {@code 25.50} or {@code $25.50}; zero or absent means no limit. */
    private static double usd(ConfigNode n, String name) {
        ConfigNode c = n.child(name);
        if (c.isMissing()) {
            return 0;
        }
        String text = c.asText().strip();
        String digits = text.startsWith("$") ? text.substring(1) : text;
        try {
            double v = Double.parseDouble(digits);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw c.error("must be zero (no limit) or a positive amount in USD, got '" + text + "'");
            }
            return v;
        } catch (NumberFormatException e) {
            throw c.error("expected an amount in USD like 25.00, got '" + text + "'");
        }
    }

    /** A percentage, written {@code 80%} or {@code 80}. */
    private static int percent(ConfigNode n, String name, int dflt) {
        ConfigNode c = n.child(name);
        if (c.isMissing()) {
            return dflt;
        }
        String text = c.asText().strip();
        String digits = text.endsWith("%") ? text.substring(0, text.length() - 1).strip() : text;
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw c.error("expected a whole percentage like 80%, got '" + text + "'");
        }
    }

    private static L1Config readL1(ConfigNode n) {
        n.allowOnly("enabled", "ttl", "max_bytes");
        return new L1Config(n.bool("enabled", true), n.positiveDuration("ttl", L1Config.DEFAULT_TTL),
                n.byteSize("max_bytes", L1Config.DEFAULT_MAX_BYTES));
    }

    private static L2Config readL2(ConfigNode n) {
        n.allowOnly("enabled", "ttl", "url", "timeout");
        return new L2Config(n.bool("enabled", false), n.positiveDuration("ttl", L2Config.DEFAULT_TTL),
                n.string("url", "redis://127.0.0.1:6379"),
                n.positiveDuration("timeout", L2Config.DEFAULT_TIMEOUT));
    }

    private static L3Config readL3(ConfigNode n) {
        n.allowOnly("enabled", "ttl", "url", "user", "password", "timeout", "purge_interval", "pool_size");
        long pool = n.integer("pool_size", 8);
        if (pool < 1 || pool > 256) {
            throw n.child("pool_size").error("must be between 1 and 256, got " + pool);
        }
        return new L3Config(n.bool("enabled", false), n.positiveDuration("ttl", L3Config.DEFAULT_TTL),
                n.string("url", null), n.string("user", null), n.string("password", null),
                n.positiveDuration("timeout", L3Config.DEFAULT_TIMEOUT),
                n.positiveDuration("purge_interval", L3Config.DEFAULT_PURGE_INTERVAL), (int) pool);
    }

    private static Map<String, NamespacePolicy> readNamespaces(ConfigNode n) {
        Map<String, NamespacePolicy> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.entries().entrySet()) {
            ConfigNode ns = e.getValue().allowOnly("policy");
            try {
                Check.name(ns.path(), e.getKey());
                out.put(e.getKey(), NamespacePolicy.parse(ns.requiredString("policy")));
            } catch (IllegalArgumentException ex) {
                throw ns.child("policy").error(ex.getMessage());
            }
        }
        return out;
    }

    private static Map<String, ModelConfig> readModels(ConfigNode n) {
        if (n.isMissing()) {
            throw n.error("at least one model is required");
        }
        Map<String, ModelConfig> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.entries().entrySet()) {
            ConfigNode m = e.getValue().allowOnly("version", "provider", "upstream_model", "input_per_1m",
                    "output_per_1m");
            out.put(e.getKey(), new ModelConfig(e.getKey(), m.requiredString("version"),
                    m.string("provider", ModelConfig.SIMULATED),
                    m.number("input_per_1m", 0), m.number("output_per_1m", 0), m.string("upstream_model", null)));
        }
        return out;
    }

    private static Map<String, Double> modelErrorRates(ConfigNode n) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.entries().entrySet()) {
            String text = e.getValue().asText();
            try {
                out.put(e.getKey(), Double.parseDouble(text));
            } catch (NumberFormatException ex) {
                throw e.getValue().error("must be a number between 0 and 1, got '" + text + "'");
            }
        }
        return out;
    }

    private static LimitsConfig readLimits(ConfigNode n) {
        if (n.isMissing()) {
            return LimitsConfig.NONE;
        }
        n.allowOnly("shared", "fallback_share", "default_plan", "plans", "model_caps", "upstream", "abuse", "backoff");
        LimitsConfig d = LimitsConfig.NONE;
        Map<String, PlanConfig> plans = new LinkedHashMap<>();
        ConfigNode plansNode = n.child("plans");
        if (plansNode.isMissing()) {
            plans.putAll(LimitsConfig.defaultPlans());
        }
        for (Map.Entry<String, ConfigNode> e : plansNode.entries().entrySet()) {
            ConfigNode p = e.getValue().allowOnly("per_minute", "per_hour");
            plans.put(e.getKey(), new PlanConfig(e.getKey(), (int) nonNegativeInt(p, "per_minute"),
                    (int) nonNegativeInt(p, "per_hour")));
        }
        Map<String, Integer> caps = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.child("model_caps").entries().entrySet()) {
            long v = e.getValue().asInteger();
            if (v < 1 || v > Integer.MAX_VALUE) {
                throw e.getValue().error("must be at least 1 request a minute, got " + v);
            }
            caps.put(e.getKey(), (int) v);
        }
        ConfigNode up = n.child("upstream").allowOnly("default", "models", "provider", "queue", "max_wait");
        Map<String, BucketConfig> buckets = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : up.child("models").entries().entrySet()) {
            buckets.put(e.getKey(), readBucket(e.getValue()));
        }
        ConfigNode abuse = n.child("abuse").allowOnly("strikes", "window", "lockout");
        ConfigNode backoff = n.child("backoff").allowOnly("base", "cap");
        long queue = up.integer("queue", d.queueCapacity());
        if (queue < 0 || queue > 1_000_000) {
            throw up.child("queue").error("must be between 0 and 1000000, got " + queue);
        }
        long strikes = abuse.integer("strikes", d.abuseStrikes());
        if (strikes < 1 || strikes > 1000) {
            throw abuse.child("strikes").error("must be between 1 and 1000, got " + strikes);
        }
        return new LimitsConfig(true, n.bool("shared", false), n.number("fallback_share", d.fallbackShare()),
                up.child("default").isMissing() ? null : readBucket(up.child("default")), buckets,
                up.child("provider").isMissing() ? null : readBucket(up.child("provider")), (int) queue,
                up.positiveDuration("max_wait", d.maxWait()), plans, n.string("default_plan", d.defaultPlan()), caps,
                (int) strikes, abuse.positiveDuration("window", d.abuseWindow()),
                abuse.positiveDuration("lockout", d.lockout()), backoff.positiveDuration("base", d.backoffBase()),
                backoff.positiveDuration("cap", d.backoffCap()));
    }

    private static ResilienceConfig readResilience(ConfigNode n) {
        ResilienceConfig d = ResilienceConfig.DEFAULTS;
        if (n.isMissing()) {
            return d;
        }
        n.allowOnly("timeout", "deadline", "breaker", "retry", "fallbacks", "stale_grace", "dedup_window");
        ConfigNode b = n.child("breaker").allowOnly("failure_rate", "window", "min_calls", "open_for", "slow_call",
                "slow_call_rate");
        ConfigNode r = n.child("retry").allowOnly("max_attempts", "base", "cap");
        Map<String, List<String>> fallbacks = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.child("fallbacks").entries().entrySet()) {
            List<String> chain = new ArrayList<>();
            for (ConfigNode item : e.getValue().items()) {
                chain.add(item.asText());
            }
            fallbacks.put(e.getKey(), chain);
        }
        return new ResilienceConfig((int) b.integer("failure_rate", d.failureRate()), (int) b.integer("window", d.window()),
                (int) b.integer("min_calls", d.minCalls()), b.positiveDuration("open_for", d.openFor()),
                b.positiveDuration("slow_call", d.slowCall()), (int) b.integer("slow_call_rate", d.slowCallRate()),
                n.positiveDuration("timeout", d.timeout()), (int) r.integer("max_attempts", d.maxAttempts()),
                r.positiveDuration("base", d.retryBase()), r.positiveDuration("cap", d.retryCap()),
                n.positiveDuration("deadline", d.deadline()), fallbacks,
                n.nonNegativeDuration("stale_grace", d.staleGrace()),
                n.nonNegativeDuration("dedup_window", d.dedupWindow()));
    }

    private static BucketConfig readBucket(ConfigNode b) {
        b.allowOnly("rate", "capacity");
        try {
            return new BucketConfig(b.number("rate", 0), (int) b.integer("capacity", 1));
        } catch (ConfigException e) {
            throw b.error(e.reason());
        }
    }

    private static long nonNegativeInt(ConfigNode n, String name) {
        long v = n.integer(name, 0);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw n.child(name).error("must be zero (no limit) or more, got " + v);
        }
        return v;
    }

    private static SimulatedConfig readSimulated(ConfigNode n) {
        n.allowOnly("latency", "error_rate", "rate_429", "retry_after", "rate_limit_rps", "shared_limit", "outages",
                "model_error_rates", "output", "quality");
        SimulatedConfig d = SimulatedConfig.defaults();
        ConfigNode latency = n.child("latency").allowOnly("median", "p99");
        Duration median = latency.nonNegativeDuration("median", d.latencyMedian());
        Duration p99 = latency.nonNegativeDuration("p99", median.compareTo(d.latencyP99()) > 0 ? median : d.latencyP99());
        List<Outage> outages = new ArrayList<>();
        for (ConfigNode o : n.child("outages").items()) {
            o.allowOnly("model", "start", "end", "error_rate");
            try {
                outages.add(new Outage(o.requiredString("model"), o.nonNegativeDuration("start", Duration.ZERO),
                        o.positiveDuration("end", null), o.number("error_rate", 1.0)));
            } catch (ConfigException e) {
                throw e.source() == null ? o.error(e.reason()) : e;
            }
        }
        long rps = n.integer("rate_limit_rps", 0);
        if (rps < 0 || rps > Integer.MAX_VALUE) {
            throw n.child("rate_limit_rps").error("must be zero (no limit) or more, got " + rps);
        }
        return new SimulatedConfig(median, p99, n.number("error_rate", 0), n.number("rate_429", 0),
                n.positiveDuration("retry_after", d.retryAfter()), (int) rps, n.bool("shared_limit", false), outages,
                modelErrorRates(n.child("model_error_rates")), outputShares(n.child("output").child("default"),
                        OutputShares.DEFAULTS), modelOutput(n.child("output")), quality(n.child("quality")));
    }

    /**
     * {@code simulated.quality}: {@code models} (per model, {@code default} and task classes, each a probability),
     * {@code complexity} (low, medium, high: added to it), {@code separation}, {@code correlation}. Absent: null, no
     * quality model. Unknown task classes and complexities are refused with the known ones; unknown models by
     * {@link SwitchboardConfig}, which knows the models.
     */
    private static QualitySettings quality(ConfigNode n) {
        if (n.isMissing()) {
            return null;
        }
        n.allowOnly("models", "complexity", "separation", "correlation");
        Map<String, QualitySettings.ModelQuality> models = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.child("models").entries().entrySet()) {
            Check.key(n.child("models").path(), e.getKey());
            ConfigNode m = e.getValue();
            Map<TaskClass, Double> byTask = new EnumMap<>(TaskClass.class);
            for (String k : m.entries().keySet()) {
                if (k.equals("default")) {
                    continue;
                }
                try {
                    byTask.put(TaskClass.parse(k), Check.fraction(m.child(k).path(), m.number(k, 0)));
                } catch (IllegalArgumentException ex) {
                    throw m.child(k).error(ex.getMessage() + ", or default");
                }
            }
            if (m.child("default").isMissing() && byTask.size() < TaskClass.values().length) {
                throw m.child("default").error("is required unless every task class is listed (the probability of a "
                        + "correct answer for the classes not listed)");
            }
            models.put(e.getKey(), new QualitySettings.ModelQuality(
                    Check.fraction(m.child("default").path(), m.number("default", 0)), byTask));
        }
        Map<Complexity, Double> complexity = new EnumMap<>(Complexity.class);
        ConfigNode cx = n.child("complexity");
        for (String k : cx.entries().keySet()) {
            try {
                complexity.put(Complexity.parse(k), cx.number(k, 0));
            } catch (IllegalArgumentException ex) {
                throw cx.child(k).error(ex.getMessage());
            }
        }
        return new QualitySettings(models, complexity,
                n.number("separation", QualitySettings.DEFAULT_SEPARATION),
                n.number("correlation", QualitySettings.DEFAULT_CORRELATION));
    }

    /** {@code simulated.output}: {@code default:} and per-model shapes; an override starts from the default. */
    private static Map<String, OutputShares> modelOutput(ConfigNode n) {
        OutputShares base = outputShares(n.child("default"), OutputShares.DEFAULTS);
        Map<String, OutputShares> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.entries().entrySet()) {
            if (!e.getKey().equals("default")) {
                out.put(e.getKey(), outputShares(e.getValue(), base));
            }
        }
        return out;
    }

    /**
     * Shares of each shape. Given shares replace the base's; when any is given, clean defaults to the rest rather
     * than the base's clean share, so {@code broken: 0.5} alone means half broken, half clean.
     */
    private static OutputShares outputShares(ConfigNode n, OutputShares base) {
        if (n.isMissing()) {
            return base;
        }
        n.allowOnly("clean", "prose", "fenced", "key_value", "broken", "refusal");
        double prose = n.number("prose", base.prose());
        double fenced = n.number("fenced", base.fenced());
        double kv = n.number("key_value", base.keyValue());
        double broken = n.number("broken", base.broken());
        double refusal = n.number("refusal", base.refusal());
        double rest = Math.max(0, 1 - prose - fenced - kv - broken - refusal);
        try {
            return new OutputShares(n.number("clean", rest), prose, fenced, kv, broken, refusal);
        } catch (IllegalArgumentException e) {
            throw fieldError(n, e);
        }
    }
}
