/**
 * Scenarios: the whole engine with every feature on at once (admission, resilience, dedup, the three tiers, the
 * ledger, budgets) driven by the replay harness against the real Redis and PostgreSQL, asserting counts and never
 * times. Each guards a capability against the ones that land after it: a later change that breaks one fails CI.
 * Time is compressed (rates of a hundred a second, windows of a second) so the suite stays short.
 */
package dev.switchboard.scenario;
