package dev.switchboard.gateway.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@code text/event-stream} answer, chunked, each frame flushed as it is sent. Used from the request's virtual
 * thread. When the caller has gone (its connection closed, or a write failed) {@link #send} throws
 * {@link ClientGoneException}; when the caller reads more slowly than frames come, {@link #send} waits for the
 * connection to drain rather than buffering the whole answer in memory.
 */
public final class EventStream {
    /** How long a send waits for a caller that stopped reading before giving it up as gone. */
    static final long STALLED_SECONDS = 60;

    private final ChannelHandlerContext ctx;
    private final Exchange exchange;
    private final HttpVersion version;
    private final int status;
    private final HttpHeaders headers;
    private final boolean keepAlive;
    private volatile boolean gone;
    private boolean ended;

    EventStream(ChannelHandlerContext ctx, Exchange exchange, HttpVersion version, int status, HttpHeaders headers,
                boolean keepAlive) {
        this.ctx = ctx;
        this.exchange = exchange;
        this.version = version;
        this.status = status;
        this.headers = headers;
        this.keepAlive = keepAlive;
    }

    void open() {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                headers);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        if (version.equals(HttpVersion.HTTP_1_1)) {
            HttpUtil.setTransferEncodingChunked(head, true);
        }
        // HTTP/1.0 has no chunks: the stream ends when the connection closes.
        HttpUtil.setKeepAlive(head.headers(), version, keepAlive);
        watch(ctx.writeAndFlush(head));
    }

    /**
     * Sends one frame (complete SSE text, {@code data: ...\n\n}) and flushes it.
     *
     * @throws ClientGoneException when the caller has gone
     */
    public void send(String frame) {
        if (gone || exchange.clientGone()) {
            throw new ClientGoneException("the caller closed the connection");
        }
        if (ended) {
            throw new IllegalStateException("the stream has ended");
        }
        ChannelFuture f = ctx.writeAndFlush(new DefaultHttpContent(ByteBufUtil.writeUtf8(ctx.alloc(), frame)));
        watch(f);
        if (!ctx.channel().isWritable()) {
            awaitDrained(f);
        }
    }

    /** Finishes the stream, with HTTP trailers when given (chunked only). Safe to call more than once. */
    public void end(Map<String, String> trailers) {
        if (ended) {
            return;
        }
        ended = true;
        LastHttpContent last = new DefaultLastHttpContent();
        if (trailers != null && version.equals(HttpVersion.HTTP_1_1)) {
            trailers.forEach(last.trailingHeaders()::set);
        }
        ctx.writeAndFlush(last).addListener(f -> exchange.streamEnded(!keepAlive || !f.isSuccess()));
    }

    public void end() {
        end(null);
    }

    boolean ended() {
        return ended;
    }

    /** True once the caller has gone. */
    public boolean clientGone() {
        return gone || exchange.clientGone();
    }

    void gone() {
        gone = true;
    }

    private void watch(ChannelFuture f) {
        f.addListener(done -> {
            if (!done.isSuccess()) {
                gone = true;
            }
        });
    }

    /** Waits for the frame to reach the socket, without holding a monitor (a virtual thread would pin its carrier). */
    private void awaitDrained(ChannelFuture f) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        f.addListener(done -> written.complete(null));
        try {
            written.get(STALLED_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            gone = true;
            ctx.close();
            throw new ClientGoneException("the caller stopped reading for " + STALLED_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientGoneException("interrupted while the caller was slow to read");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
