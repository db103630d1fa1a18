package dev.switchboard.engine.route;

import java.util.List;

/**
 * What a request may name instead of a model: a route the engine resolves to one or more model calls. Its name is
 * asked for as the request's {@code model} ({@code "auto"} is only a conventional name).
 */
public sealed interface Route permits TableRoute, CascadeRoute, VoteRoute, ExperimentRoute {
    String name();

    /** {@code table}, {@code cascade}, {@code vote}, {@code experiment}: the config's and the console's word. */
    String kind();

    /** The names this route may call (models, or for a table also routes), for checking them against the config. */
    List<String> targets();
}
