/** The Playground tab: one prompt at a time through the engine, with where the answer came from and its cost. */
package dev.switchboard.console.playground;
