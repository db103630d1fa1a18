package dev.switchboard.engine.route;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code routing} section: the routes a request may name instead of a model, and the premium model savings are
 * measured against (the priciest model when not set).
 */
public record RoutingSettings(String premium, Map<String, Route> routes) {
    private static final RoutingSettings NONE = new RoutingSettings(null, Map.of());

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

    /** These settings with {@code r} in place of the route of the same name (or added). */
    public RoutingSettings with(Route r) {
        Map<String, Route> next = new LinkedHashMap<>(routes);
        next.put(r.name(), r);
        return new RoutingSettings(premium, next);
    }
}
