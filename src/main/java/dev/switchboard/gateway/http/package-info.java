/**
 * The gateway's HTTP/1.1 server on Netty, free of any API format: {@link dev.switchboard.gateway.http.HttpServer}
 * (native epoll where available, else NIO; keep-alive; a body limit; a graceful stop that lets requests in flight
 * finish), {@link dev.switchboard.gateway.http.Exchange} (one request and its answer, handled on a virtual thread:
 * the event loop only reads and writes bytes) and {@link dev.switchboard.gateway.http.EventStream} (a chunked
 * {@code text/event-stream} answer, one flush per frame, that notices a caller who went away).
 */
package dev.switchboard.gateway.http;
