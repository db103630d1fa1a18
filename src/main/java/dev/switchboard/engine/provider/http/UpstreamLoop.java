package dev.switchboard.engine.provider.http;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import javax.net.ssl.SSLException;

/**
 * What every provider's client in the process shares, each made on first use: one client-side event loop group
 * (native epoll where available, else NIO; one thread per processor, daemon threads named {@code sb-upstream-*},
 * never shut down: they hold nothing once the connections are closed) and one TLS context (the JDK's TLS, ALPN
 * offering http/1.1 only, hostname verification on).
 */
final class UpstreamLoop {
    private UpstreamLoop() {
    }

    private static final class Loop {
        static final boolean EPOLL = Epoll.isAvailable();
        static final EventLoopGroup GROUP;

        static {
            IoHandlerFactory io = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
            GROUP = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                    new DefaultThreadFactory("sb-upstream", true), io);
        }
    }

    private static final class Tls {
        static final SslContext CONTEXT;

        static {
            try {
                CONTEXT = SslContextBuilder.forClient()
                        .sslProvider(SslProvider.JDK)
                        .endpointIdentificationAlgorithm("HTTPS")
                        // HTTP/2 is not spoken here: offering only http/1.1 keeps servers from choosing it.
                        .applicationProtocolConfig(new ApplicationProtocolConfig(
                                ApplicationProtocolConfig.Protocol.ALPN,
                                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                                ApplicationProtocolNames.HTTP_1_1))
                        .build();
            } catch (SSLException e) {
                throw new IllegalStateException("the JDK's TLS cannot be set up: " + e.getMessage(), e);
            }
        }
    }

    static EventLoopGroup group() {
        return Loop.GROUP;
    }

    static Class<? extends SocketChannel> channelType() {
        return Loop.EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    static SslContext tls() {
        return Tls.CONTEXT;
    }
}
