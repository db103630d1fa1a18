package dev.switchboard.engine.route;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code routing} section: the routes a request may name instead of a model, and the premium model savings are
 * measured against (the priciest model when not set).
 *
 * @param embeddings whether a table may classify a prompt its rules find no cue in by its embedding (the nearest
 *                   class centroid), when the semantic cache runs an in-process model
 */
public record RoutingSettings(String premium, boolean embeddings, Map<String, Route> routes) {
    private static final RoutingSettings NONE = new RoutingSettings(null, false, Map.of());

    public RoutingSettings(String premium, Map<String, Route> routes) {
        this(premium, false, routes);
    }

    public RoutingSettings {
        premium = premium == null || premium.isBlank() ? null : premium.strip();
        routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    }

    public static RoutingSettings defaults() {
        return NONE;
    }

    /** The route named {@code name}, or null when it names none (a model, or nothing). */
    public Route route(String name) {
        return name == null || routes.isEmpty() ? null : routes.get(name);
    }

    public RoutingSettings withEmbeddings(boolean on) {
        return new RoutingSettings(premium, on, routes);
    }

    /** These settings with {@code r} in place of the route of the same name (or added). */
    public RoutingSettings with(Route r) {
        Map<String, Route> next = new LinkedHashMap<>(routes);
        next.put(r.name(), r);
        return new RoutingSettings(premium, embeddings, next);
    }
}
