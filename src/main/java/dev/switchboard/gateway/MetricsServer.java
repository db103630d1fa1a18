package dev.switchboard.gateway;

import com.sun.net.httpserver.HttpExchange;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.telemetry.metrics.EngineMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} alone, on 127.0.0.1, for the console and headless runs that have no gateway
 * ({@code --metrics-port}). Loopback only, so no key is asked: whoever can reach it is on this machine. The JDK's
 * own small HTTP server is enough for one scraper every few seconds. {@link #close()} stops it and its metrics.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private final EngineMetrics metrics;
    private final com.sun.net.httpserver.HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean closed = new AtomicBoolean();

    private MetricsServer(Engine engine, int port) throws IOException {
        this.server = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        this.metrics = EngineMetrics.attach(engine);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
        LOG.info("metrics on {}", url());
    }

    /**
     * Serves {@code engine}'s metrics on {@code 127.0.0.1:port} (0: any free port).
     *
     * @throws IllegalArgumentException when the port is out of range
     * @throws IllegalStateException    when it cannot be bound
     */
    public static MetricsServer start(Engine engine, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("metrics port: must be between 0 and 65535, not " + port);
        }
        try {
            return new MetricsServer(engine, port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve metrics on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:port/metrics}. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port() + "/metrics";
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!path.equals("/metrics")) {
                send(ex, 404, "text/plain; charset=utf-8", "no such endpoint: this port serves GET /metrics\n");
            } else if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET");
                send(ex, 405, "text/plain; charset=utf-8", ex.getRequestMethod() + " /metrics is not served; use GET\n");
            } else if (closed.get() || metrics.isClosed()) {
                send(ex, 503, "text/plain; charset=utf-8", "metrics stopped: the engine is shutting down\n");
            } else {
                send(ex, 200, EngineMetrics.CONTENT_TYPE, metrics.scrape());
            }
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stops serving and counting. Safe to call more than once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            threads.shutdownNow();
            metrics.close();
            LOG.info("metrics on port {} stopped", port());
        }
    }
}
