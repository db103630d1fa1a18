/**
 * The Requests tab: the engine's request log ({@code engine.requestLog()}) live, filtered, searched and sorted, and
 * the inspector of one request (route notes, the steps' timeline as bars, cache key, tokens, cost, verdicts, and the
 * prompt and answer where the namespace kept them). {@code RequestFilter} and {@code RequestRows} hold the rules and
 * words and are free of JavaFX; {@code TimelineChart} draws the steps.
 */
package dev.switchboard.console.requests;
