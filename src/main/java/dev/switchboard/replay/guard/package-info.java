/**
 * The guards measured on labelled texts ({@code switchboard guard eval}): reading the set, and precision and recall
 * per PII type and for injection.
 */
package dev.switchboard.replay.guard;
