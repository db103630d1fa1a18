package dev.switchboard.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request and its answer. Read the request and answer it exactly once, with {@link #reply} or
 * {@link #openStream}, from the request's virtual thread; the bytes go out on the connection's event loop (Netty's
 * writes are thread-safe), so the event loop never waits for the engine.
 */
public final class Exchange {
    /** Writes a response body straight into the connection's buffer: no intermediate byte array. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private final ChannelHandlerContext ctx;
    private final Connection connection;
    private final HttpRequest head;
    /** The aggregated request; null when its body was over the limit. */
    private final FullHttpRequest request;
    private final boolean closeAfter;
    private final long bodyLimit;
    private final String path;
    private final HttpHeaders responseHeaders = new DefaultHttpHeaders();
    private final AtomicBoolean answered = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean gone;
    private volatile EventStream stream;

    Exchange(ChannelHandlerContext ctx, Connection connection, FullHttpRequest request, TooLarge tooLarge,
             long bodyLimit) {
        this.ctx = ctx;
        this.connection = connection;
        this.request = request;
        this.head = request != null ? request : tooLarge.head();
        this.closeAfter = tooLarge != null && tooLarge.closeAfter();
        this.bodyLimit = bodyLimit;
        String uri = head.uri();
        int q = uri.indexOf('?');
        this.path = q < 0 ? uri : uri.substring(0, q);
    }

    /** {@code GET}, {@code POST}, ... */
    public String method() {
        return head.method().name();
    }

    /** The request's path without its query. */
    public String path() {
        return path;
    }

    /**
     * The query parameter {@code name}, percent-decoded (UTF-8); its first value when it repeats; null when absent.
     * Decoded on each call: only the few endpoints that take a query ask.
     */
    public String query(String name) {
        java.util.List<String> v = new io.netty.handler.codec.http.QueryStringDecoder(head.uri()).parameters()
                .get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The request header {@code name} (case-insensitive), or null. */
    public String header(CharSequence name) {
        return head.headers().get(name);
    }

    /** True when the body was over {@link #bodyLimit()} and was dropped unread: answer 413. */
    public boolean bodyTooLarge() {
        return request == null;
    }

    public long bodyLimit() {
        return bodyLimit;
    }

    /** True when the request did not parse as HTTP (a bad header line, say): answer 400. */
    public boolean malformed() {
        return head.decoderResult().isFailure();
    }

    /** The body; read it before answering (its buffer is released once the handler returns). */
    public InputStream body() {
        return request == null ? InputStream.nullInputStream() : new ByteBufInputStream(request.content().duplicate());
    }

    public int bodyLength() {
        return request == null ? 0 : request.content().readableBytes();
    }

    /** A header set on the answer so far, or null. */
    public String responseHeader(CharSequence name) {
        return responseHeaders.get(name);
    }

    /** Adds a header to the answer; call before {@link #reply} or {@link #openStream}. */
    public Exchange header(CharSequence name, Object value) {
        responseHeaders.set(name, value);
        return this;
    }

    /**
     * Sends the whole answer.
     *
     * @throws IllegalStateException when already answered
     */
    public void reply(int status, String contentType, Body body) {
        claim();
        ByteBuf buf = ctx.alloc().buffer();
        try {
            try (OutputStream out = new ByteBufOutputStream(buf)) {
                body.writeTo(out);
            }
        } catch (IOException | RuntimeException e) {
            buf.release();
            answered.set(false);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), buf);
        response.headers().set(responseHeaders).set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setContentLength(response, buf.readableBytes());
        boolean keepAlive = keepAlive();
        HttpUtil.setKeepAlive(response.headers(), head.protocolVersion(), keepAlive);
        ctx.writeAndFlush(response).addListener(f -> connection.finished(this, !keepAlive || !f.isSuccess()));
    }

    /**
     * Starts a {@code text/event-stream} answer: the status and headers go out now, frames follow with
     * {@link EventStream#send}, and {@link EventStream#end} finishes it.
     */
    public EventStream openStream(int status) {
        claim();
        boolean keepAlive = keepAlive() && head.protocolVersion().equals(HttpVersion.HTTP_1_1);
        EventStream s = new EventStream(ctx, this, head.protocolVersion(), status, responseHeaders, keepAlive);
        stream = s;
        s.open();
        return s;
    }

    /** Whether the answer has been started or sent. */
    public boolean answered() {
        return answered.get();
    }

    /** True once the caller's connection closed. */
    public boolean clientGone() {
        return gone;
    }

    private void claim() {
        if (!answered.compareAndSet(false, true)) {
            throw new IllegalStateException("this request was answered already");
        }
    }

    private boolean keepAlive() {
        return !closeAfter && !connection.draining() && HttpUtil.isKeepAlive(head);
    }

    /** On the event loop: the connection closed. */
    void gone() {
        gone = true;
        EventStream s = stream;
        if (s != null) {
            s.gone();
        }
    }

    void streamEnded(boolean close) {
        connection.finished(this, close);
    }

    /**
     * After the handler returned: a request it left unanswered (a bug) still gets an answer, and a stream it left
     * open still ends, so the connection is never stuck.
     */
    void settle() {
        if (!answered.get()) {
            reply(500, "application/json", out -> out.write(
                    "{\"error\":{\"message\":\"internal error: the gateway did not answer this request\",\"type\":\"api_error\"}}"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        EventStream s = stream;
        if (s != null && !s.ended()) {
            s.end();
        }
    }

    /** The request's buffer goes back to the pool once the handler has read it. */
    void release() {
        if (request != null && released.compareAndSet(false, true)) {
            request.release();
        }
    }

    ChannelHandlerContext context() {
        return ctx;
    }
}
