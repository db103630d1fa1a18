/**
 * Prometheus metrics over one engine, with no HTTP of its own: {@link dev.switchboard.engine.telemetry.metrics.EngineMetrics}
 * counts every finished request (a {@code RequestListener} on the request's thread: lock-free counters whose label
 * children are cached per combination) and reads everything else from {@code engine.snapshot()} once per scrape.
 * Every label value is bounded: models and namespaces from the config (any other is {@code other}), outcomes and
 * served-by from fixed sets, rule and strategy names capped; never a user. The gateway and the {@code
 * --metrics-port} servers call {@code scrape()}.
 */
package dev.switchboard.engine.telemetry.metrics;
