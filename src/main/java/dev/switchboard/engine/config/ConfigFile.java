package dev.switchboard.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.switchboard.engine.cache.semantic.SemanticSettings;
import dev.switchboard.engine.guard.pii.PiiDetector;
import dev.switchboard.engine.guard.policy.GuardRules;
import dev.switchboard.engine.guard.policy.GuardSettings;
import dev.switchboard.engine.parse.ParseSettings;
import dev.switchboard.engine.telemetry.monitor.AlertSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The config file behind a running engine. {@link #save} writes the settings the console edits (tier TTLs and
 * sizes, namespace policies, model versions and prices, plans, model caps, upstream buckets, fallback chains,
 * budgets, the semantic cache's switch with its threshold or max_false_rate, the parse section, the guards section and the alerts' thresholds) into the file's own YAML tree, so everything else stays as written, environment
 * references included; then it reads the result back and refuses to replace the file unless it loads to the
 * same config. The previous version is kept beside it as {@code FILE.bak}, because YAML comments do not survive
 * a rewrite.
 */
public final class ConfigFile {
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());

    private final Path path;
    private final ConfigLoader loader;

    public ConfigFile(Path path, ConfigLoader loader) {
        this.path = path;
        this.loader = loader;
    }

    public Path path() {
        return path;
    }

    public SwitchboardConfig load() {
        return loader.load(path);
    }

    /**
     * Writes {@code config}'s editable settings to the file.
     *
     * @throws IOException when the file cannot be written, or would not load back to {@code config}
     */
    public void save(SwitchboardConfig config) throws IOException {
        JsonNode tree = YAML.readTree(Files.readString(path));
        ObjectNode root = tree instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        applyEditable(root, config);
        String text = YAML.writeValueAsString(root);
        Path tmp = Files.createTempFile(path.toAbsolutePath().getParent(), path.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, text);
            SwitchboardConfig back;
            try {
                back = loader.load(tmp);
            } catch (ConfigException e) {
                throw new IOException("the rewritten file would not load: " + e.reason(), e);
            }
            if (!back.equals(config)) {
                throw new IOException("the rewritten file would not load back to the same settings; left "
                        + path + " unchanged");
            }
            Files.copy(path, path.resolveSibling(path.getFileName() + ".bak"), StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void applyEditable(ObjectNode root, SwitchboardConfig c) {
        ObjectNode tiers = object(root, "tiers");
        ObjectNode l1 = object(tiers, "l1");
        l1.put("ttl", Durations.format(c.tiers().l1().ttl()));
        l1.put("max_bytes", ByteSizes.format(c.tiers().l1().maxBytes()));
        object(tiers, "l2").put("ttl", Durations.format(c.tiers().l2().ttl()));
        object(tiers, "l3").put("ttl", Durations.format(c.tiers().l3().ttl()));
        ObjectNode namespaces = root.putObject("namespaces");
        for (Map.Entry<String, NamespacePolicy> e : c.namespaces().entrySet()) {
            namespaces.putObject(e.getKey()).put("policy", e.getValue().configName());
        }
        if (namespaces.isEmpty()) {
            root.remove("namespaces");
        }
        ObjectNode models = object(root, "models");
        for (ModelConfig m : c.models().values()) {
            object(models, m.name()).put("version", m.version()).put("input_per_1m", m.inputPer1M())
                    .put("output_per_1m", m.outputPer1M());
        }
        if (root.has("budgets") || c.budgets().any()) {
            applyBudgets(object(root, "budgets"), c.budgets());
        }
        if (c.limits().enabled()) {
            applyLimits(object(root, "limits"), c.limits());
        }
        if (root.has("resilience") || !c.resilience().fallbacks().isEmpty()) {
            ObjectNode fallbacks = object(root, "resilience").putObject("fallbacks");
            c.resilience().fallbacks().forEach((m, chain) -> chain.forEach(fallbacks.putArray(m)::add));
        }
        if (root.has("semantic") || !c.semantic().equals(SemanticSettings.defaults())) {
            applySemantic(object(root, "semantic"), c.semantic());
        }
        if (root.has("parse") || !c.parse().equals(ParseSettings.defaults())) {
            applyParse(object(root, "parse"), c.parse());
        }
        if (root.has("guards") || !c.guards().equals(GuardSettings.defaults())) {
            applyGuards(root.putObject("guards"), c.guards());
        }
        if (root.has("routing") || !c.routing().routes().isEmpty()) {
            applyRouting(root.putObject("routing"), c.routing());
        }
        AlertSettings d = AlertSettings.defaults();
        if (root.has("alerts") || !c.alerts().errorRate().equals(d.errorRate())
                || !c.alerts().latency().equals(d.latency())) {
            applyAlerts(object(root, "alerts"), c.alerts());
        }
    }

    /** The whole routing section, every route with every field: the Routing tab edits any of them. */
    private static void applyRouting(ObjectNode n, dev.switchboard.engine.route.RoutingSettings r) {
        if (r.premium() != null) {
            n.put("premium", r.premium());
        }
        n.put("embeddings", r.embeddings());
        ObjectNode routes = n.putObject("routes");
        r.routes().forEach((name, route) -> {
            ObjectNode o = routes.putObject(name).put("kind", route.kind());
            switch (route) {
                case dev.switchboard.engine.route.TableRoute t -> {
                    o.put("otherwise", t.otherwise());
                    ObjectNode table = o.putObject("table");
                    t.cells().forEach((cls, row) -> {
                        ObjectNode cols = table.putObject(cls.wireName());
                        row.forEach((x, target) -> cols.put(x.wireName(), target));
                    });
                    if (t.maxUsdPerRequest() != null) {
                        o.put("max_usd_per_request", t.maxUsdPerRequest());
                    }
                    if (t.maxUsdPer1M() != null) {
                        o.put("max_usd_per_1m", t.maxUsdPer1M());
                    }
                    if (t.fastModel() != null) {
                        o.put("fast_model", t.fastModel());
                    }
                }
                case dev.switchboard.engine.route.CascadeRoute c -> {
                    c.stages().forEach(o.putArray("stages")::add);
                    o.put("threshold", c.threshold()).put("confidence", c.confidence().configName());
                    if (c.field() != null) {
                        o.put("field", c.field());
                    }
                    if (c.verifier() != null) {
                        o.put("verifier", c.verifier());
                    }
                }
                case dev.switchboard.engine.route.VoteRoute v -> {
                    v.voters().forEach(o.putArray("voters")::add);
                    if (v.field() != null) {
                        o.put("field", v.field());
                    }
                    o.put("early_stop", v.earlyStop());
                }
                case dev.switchboard.engine.route.ExperimentRoute e ->
                        o.put("a", e.a()).put("b", e.b()).put("b_percent", e.bPercent());
            }
        });
    }

    /**
     * The thresholds the console edits (error rates, the latency target); the rest of the section, webhooks
     * included (their secrets stay environment references), stays as written.
     */
    private static void applyAlerts(ObjectNode alerts, AlertSettings a) {
        ObjectNode er = object(alerts, "error_rate");
        er.put("threshold", a.errorRate().threshold());
        ObjectNode ns = er.putObject("namespaces");
        a.errorRate().namespaces().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> ns.put(e.getKey(), e.getValue()));
        object(alerts, "latency").put("p95_target", a.latency().target() == null ? "off"
                : Durations.format(a.latency().target()));
    }

    /**
     * The whole guards section. Namespaces are read over the top-level rules key by key, so each is written with
     * every key of its own: what it inherited stays what it is when the top level changes.
     */
    private static void applyGuards(ObjectNode n, GuardSettings g) {
        applyGuardRules(n.putObject("input"), g.input());
        applyGuardRules(n.putObject("output"), g.output());
        if (!g.namespaces().isEmpty()) {
            ObjectNode namespaces = n.putObject("namespaces");
            g.namespaces().forEach((name, d) -> {
                ObjectNode ns = namespaces.putObject(name);
                applyGuardRules(ns.putObject("input"), d.input());
                applyGuardRules(ns.putObject("output"), d.output());
            });
        }
    }

    private static void applyGuardRules(ObjectNode n, GuardRules r) {
        n.put("pii", r.pii().configName()).put("secrets", r.secrets().configName())
                .put("injection", r.injection().configName()).put("blocklist", r.blocklist().configName())
                .put("injection_threshold", r.injectionThreshold());
        r.blocklistTerms().forEach(n.putArray("blocklist_terms")::add);
        r.blocklistPatterns().forEach(n.putArray("blocklist_patterns")::add);
        n.put("phone_region", r.phoneRegion());
        var types = n.putArray("pii_types");
        PiiDetector.TYPES.stream().filter(r.piiTypes()::contains).forEach(types::add);
    }

    /**
     * The whole parse section: the switch, the chain, re-prompts, raw_on_failure, the named schemas (as YAML
     * mappings, which read back as the same JSON) and the namespaces, each with its raw_on_failure written out (a
     * namespace that leaves it out takes the section's, which may just have changed).
     */
    private static void applyParse(ObjectNode n, ParseSettings p) {
        n.put("enabled", p.enabled());
        var chain = n.putArray("chain");
        p.chain().forEach(st -> chain.add(st.id()));
        n.put("max_reprompts", p.maxReprompts());
        n.put("raw_on_failure", p.rawOnFailure());
        if (p.schemas().isEmpty()) {
            n.remove("schemas");
        } else {
            ObjectNode schemas = n.putObject("schemas");
            p.schemas().forEach((name, schema) -> schemas.set(name, schema.deepCopy()));
        }
        if (p.namespaces().isEmpty()) {
            n.remove("namespaces");
        } else {
            ObjectNode namespaces = n.putObject("namespaces");
            p.namespaces().forEach((name, ns) -> {
                ObjectNode o = namespaces.putObject(name);
                if (ns.schema() != null) {
                    o.put("schema", ns.schema());
                }
                if (!ns.fields().isEmpty()) {
                    ns.fields().forEach(o.putArray("fields")::add);
                }
                o.put("raw_on_failure", ns.rawOnFailure());
            });
        }
    }

    /** Only what the console edits; the file's other semantic keys (margin, checks, ...) stay as written. */
    private static void applySemantic(ObjectNode n, SemanticSettings s) {
        n.put("enabled", s.enabled());
        // The loader lets threshold win over max_false_rate; write exactly one so the file says what runs.
        if (s.threshold() != null) {
            n.put("threshold", s.threshold());
            n.remove("max_false_rate");
        } else {
            n.put("max_false_rate", s.maxFalseRate());
            n.remove("threshold");
        }
    }

    private static void applyBudgets(ObjectNode b, BudgetsConfig c) {
        b.put("daily", c.daily()).put("monthly", c.monthly());
        b.putObject("per_user").put("daily", c.perUser().daily()).put("monthly", c.perUser().monthly());
        if (c.users().isEmpty()) {
            b.remove("users");
        } else {
            ObjectNode users = b.putObject("users");
            c.users().forEach((u, ub) -> users.putObject(u).put("daily", ub.daily()).put("monthly", ub.monthly()));
        }
        b.putObject("thresholds").put("alert", c.alertPercent() + "%").put("soft", c.softPercent() + "%")
                .put("hard", c.hardPercent() + "%");
    }

    private static void applyLimits(ObjectNode limits, LimitsConfig l) {
        ObjectNode plans = limits.putObject("plans");
        for (PlanConfig p : l.plans().values()) {
            plans.putObject(p.name()).put("per_minute", p.perMinute()).put("per_hour", p.perHour());
        }
        if (l.modelCaps().isEmpty()) {
            limits.remove("model_caps");
        } else {
            ObjectNode caps = limits.putObject("model_caps");
            l.modelCaps().forEach(caps::put);
        }
        ObjectNode upstream = object(limits, "upstream");
        if (l.defaultBucket() == null) {
            upstream.remove("default");
        } else {
            upstream.putObject("default").put("rate", l.defaultBucket().rate())
                    .put("capacity", l.defaultBucket().capacity());
        }
        if (l.modelBuckets().isEmpty()) {
            upstream.remove("models");
        } else {
            ObjectNode m = upstream.putObject("models");
            l.modelBuckets().forEach((name, b) -> m.putObject(name).put("rate", b.rate()).put("capacity", b.capacity()));
        }
    }

    private static ObjectNode object(ObjectNode parent, String name) {
        JsonNode n = parent.get(name);
        return n instanceof ObjectNode o ? o : parent.putObject(name);
    }
}
