/**
 * What every guard detector shares: the {@link dev.switchboard.engine.guard.detect.Finding} (rule, type, offsets,
 * score; never the matched text), the {@link dev.switchboard.engine.guard.detect.Detector} contract, and overlap
 * resolution between types.
 */
package dev.switchboard.engine.guard.detect;
