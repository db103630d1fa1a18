/**
 * The Playground tab: one prompt at a time through the engine, with where the answer came from and its cost; with a
 * response_format when the operator expects structure, the parsed value, the strategy that produced it and why the
 * ones before it failed ({@link dev.switchboard.console.playground.StructuredView}).
 */
package dev.switchboard.console.playground;
