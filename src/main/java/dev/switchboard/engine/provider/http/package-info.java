/**
 * What the HTTP clients of real providers share, on Netty: one HTTP/1.1 client per provider
 * ({@link dev.switchboard.engine.provider.http.UpstreamHttp}) with its keep-alive connections per origin
 * ({@code UpstreamPool}) on event loops every provider shares ({@code UpstreamLoop}; HTTP/2 is not spoken), a body
 * that enforces the provider's {@code read_timeout} as the longest silence
 * ({@link dev.switchboard.engine.provider.http.IdleTimeoutBody}),
 * server-sent events ({@link dev.switchboard.engine.provider.http.SseReader}), the streamed answer's skeleton
 * ({@link dev.switchboard.engine.provider.http.SseStream}), and how an upstream's failure becomes an engine error
 * ({@link dev.switchboard.engine.provider.http.UpstreamErrors}, {@link dev.switchboard.engine.provider.http.RetryAfter}).
 * The wire formats themselves live in {@code provider.openai} and {@code provider.anthropic}.
 */
package dev.switchboard.engine.provider.http;
