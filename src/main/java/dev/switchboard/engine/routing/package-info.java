/**
 * Routing's machinery: deciding and running the routes of {@link dev.switchboard.engine.route}.
 * {@link dev.switchboard.engine.routing.Router} decides a table route (classify, look the cell up, keep inside the
 * ceilings, the user's remaining budget and healthy models) without calling anything;
 * {@link dev.switchboard.engine.routing.RouteRunner} runs any route over the engine's ordinary request path (a
 * cascade's stages, a vote's voters, an experiment's arm), so every call is guarded, cached, limited, paid and
 * recorded as any request is; {@link dev.switchboard.engine.routing.RouteStats} counts what routes did for the
 * snapshot. Kept apart from the route model so the config and the request types can name routes without depending
 * on the machinery that runs them.
 */
package dev.switchboard.engine.routing;
