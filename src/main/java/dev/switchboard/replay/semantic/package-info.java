/**
 * {@code semantic eval}'s measuring: labelled prompt pairs ({@link dev.switchboard.replay.semantic.Pairs}) driven
 * through the engine's semantic index and acceptance rule ({@link dev.switchboard.replay.semantic.SemanticEval}),
 * counted as true hits, false hits and misses, swept over thresholds, broken down by the rule's parts, and turned
 * into the calibration table the rule reads {@code max_false_rate} off.
 */
package dev.switchboard.replay.semantic;
