package dev.switchboard.engine.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The whole configuration, immutable. A change builds a new instance (the {@code with...} methods) that the
 * engine swaps in atomically.
 *
 * @param namespaces namespaces with a policy of their own; any other namespace is {@link NamespacePolicy#STORE}
 */
public record SwitchboardConfig(TiersConfig tiers, Map<String, NamespacePolicy> namespaces,
                                Map<String, ModelConfig> models, SimulatedConfig simulated, LimitsConfig limits) {
    public SwitchboardConfig {
        Objects.requireNonNull(tiers, "tiers");
        Objects.requireNonNull(simulated, "simulated");
        Objects.requireNonNull(limits, "limits");
        namespaces = Collections.unmodifiableMap(new LinkedHashMap<>(namespaces));
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        namespaces.keySet().forEach(ns -> Check.name("namespaces", ns));
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
        for (Outage o : simulated.outages()) {
            if (!models.containsKey(o.model())) {
                throw new ConfigException(null, "simulated.outages.model",
                        "unknown model '" + o.model() + "'; known: " + models.keySet());
            }
        }
    }

    public NamespacePolicy policy(String namespace) {
        return namespaces.getOrDefault(namespace, NamespacePolicy.STORE);
    }

    public SwitchboardConfig withTiers(TiersConfig t) {
        return new SwitchboardConfig(t, namespaces, models, simulated, limits);
    }

    public SwitchboardConfig withNamespacePolicy(String namespace, NamespacePolicy policy) {
        Map<String, NamespacePolicy> m = new LinkedHashMap<>(namespaces);
        m.put(namespace, policy);
        return new SwitchboardConfig(tiers, m, models, simulated, limits);
    }

    public SwitchboardConfig withNamespaces(Map<String, NamespacePolicy> policies) {
        return new SwitchboardConfig(tiers, policies, models, simulated, limits);
    }

    public SwitchboardConfig withModel(ModelConfig model) {
        Map<String, ModelConfig> m = new LinkedHashMap<>(models);
        m.put(model.name(), model);
        return new SwitchboardConfig(tiers, namespaces, m, simulated, limits);
    }

    public SwitchboardConfig withLimits(LimitsConfig l) {
        return new SwitchboardConfig(tiers, namespaces, models, simulated, l);
    }

    public SwitchboardConfig withSimulated(SimulatedConfig s) {
        return new SwitchboardConfig(tiers, namespaces, models, s, limits);
    }
}
