/**
 * The Limits tab: plans, per-model caps and upstream bucket rates ({@code LimitsForm} holds the rules, free of
 * JavaFX), applied live; and the lockout list.
 */
package dev.switchboard.console.limits;
