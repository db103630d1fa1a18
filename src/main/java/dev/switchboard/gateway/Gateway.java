package dev.switchboard.gateway;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.telemetry.metrics.EngineMetrics;
import dev.switchboard.engine.config.GatewayConfig;
import dev.switchboard.gateway.http.HttpServer;
import dev.switchboard.gateway.keys.KeyStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP gateway over one engine: OpenAI's {@code POST /v1/chat/completions}, Anthropic's {@code POST
 * /v1/messages}, {@code GET /v1/models} (models and routes), {@code GET /v1/usage}, {@code GET|POST
 * /v1/route-suggest}, {@code GET /health}, {@code GET /ready} and {@code GET /metrics} (Prometheus; behind a key
 * when keys are required). Whether
 * keys are required is decided when it binds ({@link GatewayConfig#requireKeys(String)}). It logs one line when it
 * starts and one when it stops, none per request. {@link #stop} is graceful; the engine stays the caller's to close
 * (after the stop, so requests in flight can finish).
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Engine engine;
    private final HttpServer server;
    private final Router router;
    private final EngineMetrics metrics;
    private final KeyStore keys;
    private final boolean ownsKeys;
    private final String host;
    private final int port;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private Gateway(Engine engine, String host, int port, KeyStore given) {
        this.engine = engine;
        this.host = host;
        GatewayConfig cfg = engine.config().gateway();
        boolean required = cfg.requireKeys(host);
        KeyStore store = null;
        if (required) {
            store = given != null ? given : openKeys(engine, cfg, host);
        }
        this.keys = store;
        this.ownsKeys = store != null && given == null;
        this.metrics = EngineMetrics.attach(engine);
        this.router = new Router(engine, new Callers(store), this::draining, metrics);
        try {
            this.server = HttpServer.start(host, port, cfg.maxBody(), router);
        } catch (RuntimeException e) {
            metrics.close();
            if (ownsKeys) {
                keys.close();
            }
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        this.port = server.port();
        LOG.info("gateway listening on {} ({}, keys {})", url(), server.transport(),
                required ? "required" : "not required");
    }

    /**
     * Starts serving {@code engine} on {@code host:port} (port 0: any free port); keys, when required, from the
     * ledger's database.
     *
     * @throws IllegalStateException when the address cannot be bound, or keys are required and the ledger is off
     */
    public static Gateway start(Engine engine, String host, int port) {
        return new Gateway(engine, host, port, null);
    }

    /** As {@link #start(Engine, String, int)}, with keys (when required) from {@code keys}, which stays the caller's. */
    public static Gateway start(Engine engine, String host, int port, KeyStore keys) {
        return new Gateway(engine, host, port, keys);
    }

    private static KeyStore openKeys(Engine engine, GatewayConfig cfg, String host) {
        try {
            return KeyStore.open(engine.config().ledger(), InstantSource.system());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gateway keys are required (" + (cfg.requireKeys() != null
                    ? "gateway.require_keys: true" : "serving on " + host + ", not a loopback address")
                    + ") but cannot be read: " + e.getMessage());
        }
    }

    /** The port bound (the one asked for, or the free one found for 0). */
    public int port() {
        return port;
    }

    /** {@code http://host:port}, IPv6 hosts in brackets. */
    public String url() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port();
    }

    public boolean keysRequired() {
        return keys != null;
    }

    /** Requests received and not yet answered. */
    public int inFlight() {
        return server.inFlight();
    }

    /** Streams whose caller went away before their end (each stopped its upstream call). */
    public long abandonedStreams() {
        return router.abandonedStreams();
    }

    /** True from the moment {@link #stop} begins. */
    public boolean draining() {
        return server != null && server.draining();
    }

    /**
     * Stops accepting, lets requests in flight (streams included) finish within the config's {@code gateway.grace},
     * then closes every connection. Safe to call more than once.
     *
     * @return true when every request in flight finished in time
     */
    public boolean stop() {
        return stop(engine.config().gateway().grace());
    }

    public boolean stop(Duration grace) {
        if (!stopped.compareAndSet(false, true)) {
            return true;
        }
        int running = server.inFlight();
        boolean finished = server.stop(grace);
        metrics.close();
        if (ownsKeys) {
            keys.close();
        }
        LOG.info("gateway on {} stopped ({} requests were in flight{})", url(), running,
                finished ? ", all finished" : ", some cut after the " + grace.toSeconds() + " s grace");
        return finished;
    }

    @Override
    public void close() {
        stop();
    }
}
