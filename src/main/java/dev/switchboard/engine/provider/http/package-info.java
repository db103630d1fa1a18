/**
 * What the HTTP clients of real providers share, on the JDK's {@link java.net.http.HttpClient}: one client per
 * provider ({@link dev.switchboard.engine.provider.http.UpstreamHttp}), a body that enforces the provider's
 * {@code read_timeout} as the longest silence ({@link dev.switchboard.engine.provider.http.IdleTimeoutBody}),
 * server-sent events ({@link dev.switchboard.engine.provider.http.SseReader}), the streamed answer's skeleton
 * ({@link dev.switchboard.engine.provider.http.SseStream}), and how an upstream's failure becomes an engine error
 * ({@link dev.switchboard.engine.provider.http.UpstreamErrors}, {@link dev.switchboard.engine.provider.http.RetryAfter}).
 * The wire formats themselves live in {@code provider.openai} and {@code provider.anthropic}.
 */
package dev.switchboard.engine.provider.http;
