package dev.switchboard.engine.telemetry.metrics;

import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.request.ServedBy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The label values one config allows: its models, its namespaces and {@code default}; anything else is {@link
 * #OTHER}, so a caller inventing names cannot grow the series count. Built once per config (the engine swaps
 * configs whole), so a request pays two hash lookups.
 */
final class LabelBounds {
    static final String OTHER = "other";
    static final String DEFAULT_NAMESPACE = "default";
    /** {@code served_by} for a failed request: nothing served it. */
    static final String NONE = "none";

    /** Every outcome a request can have: {@code ok} and the engine's error kinds; an unknown kind is {@code other}. */
    static final List<String> OUTCOMES = List.of("ok", "invalid_request", "rate_limited", "budget_exceeded",
            "upstream_unavailable", "upstream_error", "upstream_rejected", "upstream_rate_limited", "timed_out",
            "parse_failed", "guardrail_blocked", "provider_auth", "stream_cut", "caller_gone", OTHER);
    private static final Map<String, Integer> OUTCOME_INDEX = index(OUTCOMES);
    static final int SERVED = ServedBy.values().length + 1;

    final SwitchboardConfig config;
    private final Map<String, Integer> namespaces;
    final List<String> namespaceNames;
    private final Set<String> models;

    LabelBounds(SwitchboardConfig config) {
        this.config = config;
        java.util.ArrayList<String> ns = new java.util.ArrayList<>(new java.util.TreeSet<>(config.namespaces().keySet()));
        ns.remove(DEFAULT_NAMESPACE);
        ns.remove(OTHER);
        ns.add(DEFAULT_NAMESPACE);
        ns.add(OTHER);
        this.namespaceNames = List.copyOf(ns);
        this.namespaces = index(namespaceNames);
        this.models = Set.copyOf(config.models().keySet());
    }

    /** The model's label: its name when the config has it, else {@code other} (a null model too). */
    String model(String name) {
        return name != null && models.contains(name) ? name : OTHER;
    }

    /** Index into {@link #namespaceNames}; null or blank is {@code default}, an unknown one {@code other}. */
    int namespace(String name) {
        if (name == null || name.isBlank()) {
            return namespaces.get(DEFAULT_NAMESPACE);
        }
        Integer i = namespaces.get(name);
        return i != null ? i : namespaces.get(OTHER);
    }

    static int outcome(String kind) {
        Integer i = OUTCOME_INDEX.get(kind);
        return i != null ? i : OUTCOMES.size() - 1;
    }

    /** 0 for {@code none} (a failure), else the tier's ordinal + 1. */
    static int served(ServedBy by) {
        return by == null ? 0 : by.ordinal() + 1;
    }

    static String servedName(int i) {
        return i == 0 ? NONE : ServedBy.values()[i - 1].name();
    }

    private static Map<String, Integer> index(List<String> names) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), i);
        }
        return Map.copyOf(m);
    }
}
