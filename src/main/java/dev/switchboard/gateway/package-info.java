/**
 * The HTTP gateway: OpenAI- and Anthropic-compatible endpoints over one engine ({@code switchboard serve}, or the
 * console's Gateway switch). {@link dev.switchboard.gateway.Gateway} starts and stops it; {@code Router} takes each
 * request (on a virtual thread) to its endpoint: {@code ChatEndpoint} for {@code /v1/chat/completions} and
 * {@code /v1/messages} (plain and streamed), {@code Probes} for {@code /health} and {@code /ready},
 * {@code UsageEndpoint} for {@code /v1/usage}, {@code RouteSuggestEndpoint} for {@code /v1/route-suggest} (what a
 * route would pick, no model called), the engine's {@code EngineMetrics} for {@code /metrics} (Prometheus;
 * behind a key when keys are required); {@code Callers} decides who is asking (a gateway key, or with keys off
 * the {@code x-switchboard-user} header), and {@code Failure} turns every error into its status and the caller's
 * own error format ({@code WireFormat}). A request's {@code model} may name a route; it passes through to the engine,
 * and {@code RouteHeaders} reads {@code x-switchboard-latency} and describes a routed answer's decision. The translation of bodies lives in {@code gateway.openai} and
 * {@code gateway.anthropic}, the HTTP server in {@code gateway.http}, the keys in {@code gateway.keys}.
 * {@link dev.switchboard.gateway.MetricsServer} serves {@code /metrics} alone on 127.0.0.1 for
 * {@code --metrics-port} (the console, serve, replay).
 */
package dev.switchboard.gateway;
