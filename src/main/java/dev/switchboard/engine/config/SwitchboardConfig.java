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
                                Map<String, ModelConfig> models, SimulatedConfig simulated) {
    public SwitchboardConfig {
        Objects.requireNonNull(tiers, "tiers");
        Objects.requireNonNull(simulated, "simulated");
        namespaces = Collections.unmodifiableMap(new LinkedHashMap<>(namespaces));
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        namespaces.keySet().forEach(ns -> Check.name("namespaces", ns));
        if (models.isEmpty()) {
            throw new ConfigException(null, "models", "at least one model is required");
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
        return new SwitchboardConfig(t, namespaces, models, simulated);
    }

    public SwitchboardConfig withNamespacePolicy(String namespace, NamespacePolicy policy) {
        Map<String, NamespacePolicy> m = new LinkedHashMap<>(namespaces);
        m.put(namespace, policy);
        return new SwitchboardConfig(tiers, m, models, simulated);
    }

    public SwitchboardConfig withNamespaces(Map<String, NamespacePolicy> policies) {
        return new SwitchboardConfig(tiers, policies, models, simulated);
    }

    public SwitchboardConfig withModel(ModelConfig model) {
        Map<String, ModelConfig> m = new LinkedHashMap<>(models);
        m.put(model.name(), model);
        return new SwitchboardConfig(tiers, namespaces, m, simulated);
    }

    public SwitchboardConfig withSimulated(SimulatedConfig s) {
        return new SwitchboardConfig(tiers, namespaces, models, s);
    }
}
