/**
 * The Cache tab: the TTL and namespace-policy editor ({@code TtlForm} holds its logic, free of JavaFX) and the
 * invalidation panel.
 */
package dev.switchboard.console.cache;
