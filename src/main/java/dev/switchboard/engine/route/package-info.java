/**
 * Routes and what they route by, as plain data the config and the request types can hold:
 * {@link dev.switchboard.engine.route.TaskClassifier} reads a prompt with rules (precompiled patterns and keyword
 * sets, no model call) and names its {@link dev.switchboard.engine.route.TaskClass} and
 * {@link dev.switchboard.engine.route.Complexity} with the cues that decided, as a
 * {@link dev.switchboard.engine.route.TaskProfile}; {@link dev.switchboard.engine.route.Route} and its four kinds
 * (table, cascade, vote, experiment) are the {@code routing} section's entries, in
 * {@link dev.switchboard.engine.route.RoutingSettings}; {@link dev.switchboard.engine.route.Routed} is how a routed
 * request was answered, carried on its result. Nothing here depends on the rest of the engine; the machinery that
 * decides and runs routes is {@code dev.switchboard.engine.routing}.
 */
package dev.switchboard.engine.route;
