/**
 * The Routing tab: the config's routes with their counts, the premium model and the saving so far, and an editor per
 * route kind (a table's 9x3 grid of cells, otherwise, ceilings and fast model, with a "Try a prompt" that asks the
 * engine which cell a prompt lands in; a cascade's threshold, confidence source and threshold curve; a vote's field
 * and early stop; an experiment's arms, split and the two arms compared). {@code RouteForm} turns the fields into a
 * route or an error naming the field, and {@code RouteFigures} the routing snapshot into the tab's and the
 * dashboard tile's words, both free of JavaFX.
 */
package dev.switchboard.console.routing;
