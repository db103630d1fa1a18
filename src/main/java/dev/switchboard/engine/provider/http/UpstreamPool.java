package dev.switchboard.engine.provider.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One provider's HTTP/1.1 connections to one origin (host, port, TLS or not), on {@link UpstreamLoop}'s event loops.
 * <ul>
 *   <li>As many connections as there are calls in flight (no cap: an upstream's own limits answer with 429s); idle
 *       ones wait in a LIFO deque, so the hottest connection is reused and the others age out after
 *       {@value #IDLE_SECONDS} s of idleness.</li>
 *   <li>A connection goes back to the deque only after its response's last byte, and only when the response allows
 *       keep-alive; one whose body was abandoned half-read is closed. One the server closes leaves the deque.</li>
 *   <li>One exchange at a time per connection (no pipelining). The calling thread waits for the response head on a
 *       future the event loop completes, or fails when {@code read_timeout} passes after the request went out; the body is handed to an {@link IdleTimeoutBody}. When the reader falls
 *       {@value #HIGH_WATER} buffers behind, the connection stops reading its socket until it catches up.</li>
 * </ul>
 */
final class UpstreamPool {
    static final int IDLE_SECONDS = 60;
    /** Buffers (of up to 8 KiB) waiting for the reader before the socket is no longer read. */
    static final int HIGH_WATER = 32;
    private static final int LOW_WATER = 8;
    private static final CancellationException ABANDONED = new CancellationException("abandoned by the caller");

    /**
     * A reused connection broke before any byte of the response: most likely closed by the server as it was taken
     * from the deque. The caller sends once more on a new connection.
     */
    static final class StaleConnectionException extends IOException {
        StaleConnectionException(Throwable cause) {
            super("the pooled connection was closed", cause);
        }
    }

    private final String host;
    private final int port;
    private final boolean tls;
    private final Bootstrap bootstrap;
    private final ConcurrentLinkedDeque<Conn> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    UpstreamPool(String host, int port, boolean tls, Duration connectTimeout) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        String peer = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        HttpDecoderConfig decoder = new HttpDecoderConfig().setMaxHeaderSize(64 * 1024)
                .setMaxInitialLineLength(16 * 1024);
        this.bootstrap = new Bootstrap()
                .group(UpstreamLoop.group())
                .channel(UpstreamLoop.channelType())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        Math.max(1, connectTimeout.toMillis())))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (tls) {
                            p.addLast(UpstreamLoop.tls().newHandler(ch.alloc(), peer, port));
                        }
                        p.addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                                .addLast(new HttpClientCodec(decoder, false, false))
                                .addLast(new Conn(UpstreamPool.this, ch));
                    }
                });
    }

    boolean serves(String host, int port, boolean tls) {
        return this.port == port && this.tls == tls && this.host.equals(host);
    }

    /**
     * Sends {@code request} on an idle connection or, with none or when {@code fresh}, a new one; the returned
     * exchange's {@link Exchange#head} completes with the response head or the failure. Called on the caller's
     * thread, which resolves the host itself (cached by the JDK) so the event loop never blocks on DNS.
     */
    Exchange send(FullHttpRequest request, Duration readTimeout, boolean fresh) {
        if (closed) {
            ReferenceCountUtil.release(request);
            Exchange refused = new Exchange(readTimeout, false);
            refused.head.completeExceptionally(new IOException("the client is closed"));
            return refused;
        }
        if (!fresh) {
            for (Conn c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
                if (c.channel.isActive()) {
                    Exchange ex = new Exchange(readTimeout, true);
                    c.start(ex, request);
                    return ex;
                }
            }
        }
        Exchange ex = new Exchange(readTimeout, false);
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            ReferenceCountUtil.release(request);
            ex.head.completeExceptionally(new UnknownHostException(host));
            return ex;
        }
        ChannelFuture f = bootstrap.connect(address);
        f.addListener(done -> {
            if (done.isSuccess()) {
                f.channel().pipeline().get(Conn.class).start(ex, request);
            } else {
                ReferenceCountUtil.release(request);
                ex.head.completeExceptionally(connectFailure(done.cause()));
            }
        });
        return ex;
    }

    private static IOException connectFailure(Throwable t) {
        if (t instanceof ConnectTimeoutException) {
            // What the JDK client threw, so the message names the connect_timeout.
            HttpConnectTimeoutException e = new HttpConnectTimeoutException(t.getMessage());
            e.initCause(t);
            return e;
        }
        return t instanceof IOException io ? io : new IOException(String.valueOf(t.getMessage()), t);
    }

    private void release(Conn c) {
        if (closed) {
            c.channel.close();
            return;
        }
        idle.offerFirst(c);
        if (closed && idle.remove(c)) {
            c.channel.close();
        }
    }

    /** Closes the idle connections; those in use close when their exchange ends. Does not wait. */
    void close() {
        closed = true;
        for (Conn c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
            c.channel.close();
        }
    }

    /** One request and its response on one connection. */
    static final class Exchange implements Flow.Subscription {
        /** The 2xx-or-not response with its body still arriving, or why none came. */
        final CompletableFuture<UpstreamHttp.Response> head = new CompletableFuture<>();
        private final Duration readTimeout;
        /** On a connection taken from the deque (so a failure before any response byte may be its staleness). */
        private final boolean reused;
        /** Set once the connection is released or closed for this exchange: by its end, a failure or a cancel. */
        private final AtomicBoolean over = new AtomicBoolean();
        /** Lists requested by the reader minus lists delivered. */
        private final AtomicLong credit = new AtomicLong();
        private volatile Conn conn;
        private volatile boolean paused;
        // The event loop's own.
        private boolean headSeen;
        private IdleTimeoutBody body;
        private UpstreamHttp.Response response;
        /** Fails the exchange when no head came within {@code read_timeout} of the request going out. */
        private ScheduledFuture<?> headTimer;

        private Exchange(Duration readTimeout, boolean reused) {
            this.readTimeout = readTimeout;
            this.reused = reused;
        }

        /**
         * The caller gives up waiting for the head (interrupt, read timeout): the connection is closed, or if the
         * response made it, its body, which closes the connection unless the body had already ended.
         */
        void abandon() {
            if (head.completeExceptionally(ABANDONED)) {
                cancel();
            } else if (!head.isCompletedExceptionally()) {
                head.getNow(null).close();
            }
        }

        @Override
        public void request(long n) {
            long c = credit.addAndGet(n);
            Conn k = conn;
            if (paused && c > -LOW_WATER && k != null) {
                k.channel.eventLoop().execute(this::resumeIfCaughtUp);
            }
        }

        /** The reader closed the body before its end: the connection is closed, never reused half-read. */
        @Override
        public void cancel() {
            if (over.compareAndSet(false, true)) {
                Conn k = conn;
                if (k != null) {
                    k.channel.close();
                }
            }
        }

        // On the event loop.

        private void deliver(Channel ch, ByteBuffer b) {
            long c = credit.decrementAndGet();
            body.onNext(List.of(b));
            if (c < -HIGH_WATER && !paused) {
                paused = true;
                ch.config().setAutoRead(false);
                // The reader may have caught up between the decrement and the flag: it saw no pause to undo.
                resumeIfCaughtUp();
            }
        }

        private void resumeIfCaughtUp() {
            if (paused && credit.get() > -LOW_WATER) {
                paused = false;
                Conn k = conn;
                if (k != null) {
                    k.channel.config().setAutoRead(true);
                }
            }
        }

        private void expire() {
            if (head.completeExceptionally(new HttpTimeoutException("no response headers"))) {
                cancel();
            }
        }

        private void stopHeadTimer() {
            if (headTimer != null) {
                headTimer.cancel(false);
                headTimer = null;
            }
        }

        private void publish() {
            if (!head.complete(response)) {
                // Abandoned meanwhile: the body's close closes the connection.
                response.close();
            }
        }
    }

    /** The handler at the end of each connection's pipeline: runs its current exchange. */
    private static final class Conn extends ChannelInboundHandlerAdapter {
        private final UpstreamPool pool;
        private final Channel channel;
        private volatile Exchange current;
        // The event loop's own.
        private Exchange unpublished;
        private boolean informational;
        private boolean keepAlive;

        Conn(UpstreamPool pool, Channel channel) {
            this.pool = pool;
            this.channel = channel;
        }

        /** From any thread: the connection is this exchange's until its end; the request goes out. */
        void start(Exchange ex, FullHttpRequest request) {
            ex.conn = this;
            current = ex;
            if (ex.over.get()) {
                // Abandoned while connecting: the abandoner may not have seen the connection.
                ReferenceCountUtil.release(request);
                channel.close();
                return;
            }
            EventLoop loop = channel.eventLoop();
            if (loop.inEventLoop()) {
                send(ex, request);
            } else {
                loop.execute(() -> send(ex, request));
            }
        }

        /**
         * On the event loop: the request goes out with its head timer beside it. A timer on the loop costs a heap
         * insert and remove there; a timed wait on the caller's virtual thread cost a wake-up of the JDK's delay
         * scheduler thread per call, an eighth of the gateway's CPU on the miss path.
         */
        private void send(Exchange ex, FullHttpRequest request) {
            ex.headTimer = channel.eventLoop().schedule(ex::expire, ex.readTimeout.toNanos(), TimeUnit.NANOSECONDS);
            // A failed write reaches exceptionCaught, which fails the exchange.
            channel.writeAndFlush(request, channel.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Exchange ex = current;
            try {
                if (ex == null || msg instanceof HttpObject o && o.decoderResult().isFailure()) {
                    Throwable cause = msg instanceof HttpObject o ? o.decoderResult().cause() : null;
                    if (ex != null) {
                        fail(ex, new IOException("a malformed response: " + cause, cause));
                    } else {
                        // Bytes with no request asking: the connection is out of step.
                        ctx.close();
                    }
                    return;
                }
                if (msg instanceof HttpResponse r) {
                    int status = r.status().code();
                    if (status >= 100 && status < 200) {
                        informational = true;
                    } else {
                        informational = false;
                        ex.headSeen = true;
                        ex.stopHeadTimer();
                        keepAlive = HttpUtil.isKeepAlive(r);
                        ex.body = new IdleTimeoutBody(ex.readTimeout);
                        ex.response = new UpstreamHttp.Response(status, headers(r.headers()), ex.body);
                        ex.body.onSubscribe(ex);
                        // Published at the end of this read, with whatever of the body came along.
                        unpublished = ex;
                    }
                }
                if (msg instanceof HttpContent c) {
                    if (informational || !ex.headSeen) {
                        if (c instanceof LastHttpContent) {
                            informational = false;
                        }
                        return;
                    }
                    ByteBuf b = c.content();
                    if (b.isReadable()) {
                        ex.deliver(channel, ByteBuffer.wrap(ByteBufUtil.getBytes(b)));
                    }
                    if (c instanceof LastHttpContent) {
                        end(ex);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        /** The last byte: the connection goes back to the pool (or closes), then the reader hears of the end. */
        private void end(Exchange ex) {
            current = null;
            if (ex.paused) {
                ex.paused = false;
                channel.config().setAutoRead(true);
            }
            if (ex.over.compareAndSet(false, true)) {
                if (keepAlive && channel.isActive()) {
                    pool.release(this);
                } else {
                    channel.close();
                }
            }
            ex.body.onComplete();
        }

        private void fail(Exchange ex, Throwable cause) {
            current = null;
            ex.stopHeadTimer();
            ex.over.set(true);
            if (!ex.headSeen) {
                ex.head.completeExceptionally(ex.reused && cause instanceof IOException
                        ? new StaleConnectionException(cause) : cause);
            } else {
                if (unpublished == ex) {
                    unpublished = null;
                    ex.publish();
                }
                ex.body.onError(cause);
            }
            channel.close();
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            Exchange u = unpublished;
            if (u != null) {
                unpublished = null;
                u.publish();
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            pool.idle.remove(this);
            Exchange ex = current;
            if (ex != null) {
                fail(ex, new IOException(ex.headSeen ? "the upstream closed the connection before the end of"
                        + " the response" : "the upstream closed the connection before answering"));
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            Exchange ex = current;
            if (ex != null) {
                fail(ex, t instanceof IOException ? t : new IOException(String.valueOf(t.getMessage()), t));
            } else {
                ctx.close();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            // Idle for IDLE_SECONDS: closed if still in the deque (removal is what makes it ours to close).
            if (evt instanceof IdleStateEvent && current == null && pool.idle.remove(this)) {
                ctx.close();
            }
            ctx.fireUserEventTriggered(evt);
        }
    }

    /** The head's headers as the JDK's type, which {@link UpstreamErrors} and {@link RetryAfter} read. */
    static HttpHeaders headers(io.netty.handler.codec.http.HttpHeaders h) {
        Map<String, List<String>> map = new HashMap<>(Math.max(16, h.size() * 2));
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            map.computeIfAbsent(e.getKey().toString().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
                    .add(e.getValue().toString());
        }
        return HttpHeaders.of(map, (a, b) -> true);
    }
}
