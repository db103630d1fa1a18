package dev.switchboard.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Refuses a body whose {@code Content-Length} is over the limit before a byte of it is buffered: the request goes on
 * as {@link TooLarge} and its body is dropped as it arrives. (A chunked body without a length is cut by the
 * aggregator once it passes the limit, see {@link HttpServer}.) One per connection.
 */
final class BodyLimit extends ChannelInboundHandlerAdapter {
    private final long max;
    private boolean discarding;

    BodyLimit(long max) {
        this.max = max;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req && HttpUtil.getContentLength(req, -1L) > max) {
            // With Expect: 100-continue the caller may wait for a 100 that never comes and not send the body, so
            // the connection cannot be reused after the 413.
            boolean expect = HttpUtil.is100ContinueExpected(req);
            HttpRequest head = new DefaultHttpRequest(req.protocolVersion(), req.method(), req.uri(),
                    req.headers().copy());
            discarding = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            ctx.fireChannelRead(new TooLarge(head, expect || !HttpUtil.isKeepAlive(req)));
            return;
        }
        if (discarding && msg instanceof HttpContent c) {
            discarding = !(c instanceof LastHttpContent);
            c.release();
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
