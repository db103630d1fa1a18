package dev.switchboard.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection. Requests on it are answered one at a time, in order (a pipelined request waits for the one
 * before it), each on a virtual thread of its own. All fields are touched on the connection's event loop only.
 */
final class Connection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    /** Fired down every connection's pipeline when the server starts draining. */
    static final Object DRAIN = new Object();

    private final HttpServer server;
    private ChannelHandlerContext ctx;
    private Exchange current;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>(2);

    Connection(HttpServer server) {
        this.server = server;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest) && !(msg instanceof TooLarge)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        server.began();
        if (current == null) {
            start(msg);
        } else {
            waiting.addLast(msg);
        }
    }

    private void start(Object msg) {
        Exchange ex = msg instanceof FullHttpRequest r
                ? new Exchange(ctx, this, r, null, server.bodyLimit())
                : new Exchange(ctx, this, null, (TooLarge) msg, server.bodyLimit());
        current = ex;
        server.dispatch(ex);
    }

    /** On the event loop, when an answer has been written (or failed to be). */
    void finished(Exchange ex, boolean close) {
        if (ex != current) {
            return;
        }
        current = null;
        server.ended();
        if (close || !ctx.channel().isActive()) {
            dropWaiting();
            ctx.close();
            return;
        }
        Object next = waiting.pollFirst();
        if (next != null) {
            start(next);
        } else if (server.draining()) {
            ctx.close();
        }
    }

    boolean draining() {
        return server.draining();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // An idle keep-alive connection is closed when the server drains or it has been idle too long; one with a
        // request in flight is left to finish.
        if ((evt == DRAIN || evt instanceof IdleStateEvent) && current == null && waiting.isEmpty()) {
            ctx.close();
            return;
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (current != null) {
            current.gone();
        }
        dropWaiting();
        ctx.fireChannelInactive();
    }

    private void dropWaiting() {
        for (Object m; (m = waiting.pollFirst()) != null; ) {
            ReferenceCountUtil.release(m);
            server.ended();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and broken pipes are callers going away: no stack trace, and never request contents.
        LOG.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
