package dev.switchboard.gateway.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.util.NetUtil;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 server: Netty with native epoll on Linux (NIO where it is not available), one event loop thread per
 * core that only moves bytes, and every request handed to {@link Handler} on a virtual thread of its own. Keep-alive
 * connections; bodies over the limit are refused before they are buffered; idle connections are closed after
 * {@link #IDLE}. {@link #stop} stops accepting, lets requests in flight finish within a grace period, then closes.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /** A keep-alive connection with no request for this long is closed. */
    static final Duration IDLE = Duration.ofMinutes(5);

    /** Answers one request through its exchange, exactly once, on the calling (virtual) thread. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange);
    }

    private final Handler handler;
    private final long bodyLimit;
    private final EventLoopGroup group;
    private final Channel listening;
    private final String transport;
    private final ChannelGroup connections = new DefaultChannelGroup("gateway", GlobalEventExecutor.INSTANCE);
    private final ExecutorService requests = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("sb-gateway-", 0).factory());
    /** Requests received and not yet answered (written or failed). */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ReentrantLock idleLock = new ReentrantLock();
    private final Condition idle = idleLock.newCondition();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile boolean draining;

    private HttpServer(Handler handler, long bodyLimit, String host, int port) {
        this.handler = handler;
        this.bodyLimit = bodyLimit;
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        this.transport = epoll ? "epoll" : "nio";
        this.group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
        int maxBody = (int) Math.min(Integer.MAX_VALUE, bodyLimit);
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(group)
                    .channel(channel)
                    // The kernel's own cap (somaxconn, 4096 here), not 1024: 2,000 callers connecting at once
                    // overflowed a 1024 queue, and each dropped SYN waits a second for the client's retry.
                    .option(ChannelOption.SO_BACKLOG, NetUtil.SOMAXCONN)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            connections.add(ch);
                            ch.pipeline()
                                    .addLast(new IdleStateHandler(0, 0, IDLE.toSeconds(), TimeUnit.SECONDS))
                                    .addLast(new HttpServerCodec())
                                    .addLast(new BodyLimit(bodyLimit))
                                    .addLast(new Aggregator(maxBody))
                                    .addLast(new Connection(HttpServer.this));
                        }
                    });
            this.listening = b.bind(host, port).syncUninterruptibly().channel();
        } catch (Exception e) {
            // Netty rethrows the bind's IOException unchecked ("Address already in use"): catch it as well.
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            requests.shutdown();
            throw new IllegalStateException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
                    e);
        }
    }

    /**
     * Binds {@code host:port} (port 0: any free port) and starts serving.
     *
     * @throws IllegalStateException when the address cannot be bound (in use, not this machine's)
     */
    public static HttpServer start(String host, int port, long bodyLimit, Handler handler) {
        return new HttpServer(handler, bodyLimit, host, port);
    }

    /** The port actually bound. */
    public int port() {
        return ((InetSocketAddress) listening.localAddress()).getPort();
    }

    /** {@code epoll} or {@code nio}. */
    public String transport() {
        return transport;
    }

    /** Requests received and not yet answered. */
    public int inFlight() {
        return inFlight.get();
    }

    /** True from the moment {@link #stop} begins: answers then close their connection. */
    public boolean draining() {
        return draining;
    }

    long bodyLimit() {
        return bodyLimit;
    }

    void dispatch(Exchange ex) {
        try {
            requests.execute(() -> run(ex));
        } catch (RejectedExecutionException e) {
            // Only after the grace period ran out and the server closed.
            ex.release();
            ex.context().close();
        }
    }

    private void run(Exchange ex) {
        try {
            handler.handle(ex);
        } catch (ClientGoneException e) {
            // Nothing to answer: nobody is listening.
        } catch (Throwable t) {
            LOG.error("gateway handler failed on {} {}", ex.method(), ex.path(), t);
        } finally {
            ex.release();
            try {
                ex.settle();
            } catch (RuntimeException e) {
                ex.context().close();
            }
        }
    }

    void began() {
        inFlight.incrementAndGet();
    }

    void ended() {
        if (inFlight.decrementAndGet() == 0 && draining) {
            idleLock.lock();
            try {
                idle.signalAll();
            } finally {
                idleLock.unlock();
            }
        }
    }

    /**
     * Stops accepting connections at once, closes idle keep-alive connections, lets requests in flight (streams
     * included) finish within {@code grace} (their answers close their connections), then closes everything.
     * Safe to call more than once; a second call returns at once.
     *
     * @return true when every request in flight finished within the grace period
     */
    public boolean stop(Duration grace) {
        if (!stopping.compareAndSet(false, true)) {
            return true;
        }
        draining = true;
        listening.close().syncUninterruptibly();
        connections.forEach(ch -> ch.pipeline().fireUserEventTriggered(Connection.DRAIN));
        boolean finished = awaitIdle(grace);
        if (!finished) {
            LOG.warn("gateway: {} requests still running after the {} s grace period; closing their connections",
                    inFlight.get(), grace.toSeconds());
        }
        connections.close().awaitUninterruptibly();
        requests.shutdown();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        return finished;
    }

    @Override
    public void close() {
        stop(Duration.ZERO);
    }

    private boolean awaitIdle(Duration grace) {
        long nanos = grace.toNanos();
        idleLock.lock();
        try {
            while (inFlight.get() > 0) {
                if (nanos <= 0) {
                    return false;
                }
                // A count read while a request ends may miss its signal: look again at least every 10 ms.
                long slice = Math.min(nanos, 10_000_000L);
                nanos -= slice - idle.awaitNanos(slice);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            idleLock.unlock();
        }
    }

    /**
     * The aggregator, with a body that grows past the limit without having announced its length (chunked) refused
     * like one that did ({@link BodyLimit}): passed on as {@link TooLarge}, answered in turn in the caller's format.
     */
    private static final class Aggregator extends HttpObjectAggregator {
        Aggregator(int maxContentLength) {
            super(maxContentLength);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            if (oversized instanceof HttpRequest req) {
                ctx.fireChannelRead(new TooLarge(new DefaultHttpRequest(req.protocolVersion(), req.method(),
                        req.uri(), req.headers().copy()), false));
            } else {
                ctx.close();
            }
        }
    }
}
