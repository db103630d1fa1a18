package dev.switchboard.console;

import dev.switchboard.engine.Engine;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.keys.KeyStore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The HTTP gateway inside the console's process, over the console's engine ({@code console --serve PORT}, or the
 * status bar's Gateway switch). Starting binds a port and stopping waits for requests in flight: both block, so
 * call them off the FX thread (the switch uses {@link Background}). A lock, not a monitor, orders them: no monitor
 * is held around I/O.
 */
public final class ConsoleGateway {
    /** The port the switch offers first. */
    public static final int DEFAULT_PORT = 4000;
    /** Loopback only: from the console, the gateway is for this machine's applications (keys off by default). */
    static final String HOST = "127.0.0.1";

    private final Engine engine;
    private final KeyStore keys;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Gateway running;

    /** @param keys the console's key store, used when keys are required; null when it has none */
    public ConsoleGateway(Engine engine, KeyStore keys) {
        this.engine = engine;
        this.keys = keys;
    }

    /**
     * Starts serving on {@code port} (0: any free port), or returns the gateway already running.
     *
     * @throws IllegalStateException when the port cannot be bound, or keys are required and there is no key store
     */
    public Gateway start(int port) {
        lock.lock();
        try {
            Gateway g = running;
            if (g != null) {
                return g;
            }
            g = keys != null ? Gateway.start(engine, HOST, port, keys) : Gateway.start(engine, HOST, port);
            running = g;
            return g;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops gracefully (requests in flight finish within {@code gateway.grace}); nothing when not running.
     *
     * @return true when nothing was cut short
     */
    public boolean stop() {
        lock.lock();
        try {
            Gateway g = running;
            running = null;
            return g == null || g.stop();
        } finally {
            lock.unlock();
        }
    }

    /** The gateway serving now, or null. */
    public Gateway running() {
        return running;
    }
}
