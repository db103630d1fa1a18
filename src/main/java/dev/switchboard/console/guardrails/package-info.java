/**
 * The Guardrails tab: {@link dev.switchboard.console.guardrails.GuardrailsController} edits the config's
 * {@code guards} section per namespace (a mode per guard and direction, the injection threshold, blocklist terms)
 * through {@link dev.switchboard.console.guardrails.GuardForm}, whose test box runs a text through the rules being
 * edited before they are applied. {@link dev.switchboard.console.guardrails.GuardFigures} is the console's view of the
 * engine's guard snapshot (built by {@link dev.switchboard.console.guardrails.GuardAdapter}, the one place that reads
 * it), shared with the dashboard's guard tile; {@link dev.switchboard.console.guardrails.BlockWatch} says whether
 * something was blocked in the last minute.
 */
package dev.switchboard.console.guardrails;
