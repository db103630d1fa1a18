/**
 * The Playground tab: one prompt at a time through the engine, with where the answer came from and its cost; with a
 * response_format when the operator expects structure, the parsed value, the strategy that produced it and why the
 * ones before it failed ({@link dev.switchboard.console.playground.StructuredView}). With a route in the model box
 * (the list offers the config's routes after its models), the Route panel shows what it would choose for the prompt
 * as it is typed (a table's pick from {@code engine.routes().suggest}, asked off the FX thread 300 ms after typing
 * stops; a cascade's stages, a vote's voters, an experiment's arms) and, once sent, what it did: the stage and its
 * confidence, the votes and their decision, the arm, the total cost against the premium model's
 * ({@link dev.switchboard.console.playground.RouteView}, free of JavaFX). A latency-sensitive box sets the
 * request's flag.
 */
package dev.switchboard.console.playground;
