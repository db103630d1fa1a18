/** The Resilience tab: fallback-chain editor (drag to reorder), breaker drills and health per model. */
package dev.switchboard.console.resilience;
