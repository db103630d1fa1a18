/**
 * OpenTelemetry traces of the request path: a span per request ({@code chat <model>}, with the GenAI semantic
 * conventions' attributes) and a child span per step (guards, admission, the exact and semantic caches, budgets,
 * each provider attempt with its queue wait, parsing, the ledger), exported over OTLP/HTTP with a sampling ratio.
 * Off unless the config's {@code tracing} section turns it on; when off, a step costs one branch.
 */
package dev.switchboard.engine.telemetry.trace;
