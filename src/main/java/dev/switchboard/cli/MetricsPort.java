package dev.switchboard.cli;

import dev.switchboard.engine.Engine;
import dev.switchboard.gateway.MetricsServer;
import java.io.PrintWriter;

/** {@code --metrics-port N}, shared by the commands that run an engine for a while: checked, started, announced. */
final class MetricsPort {
    static final String HELP = "Also serve Prometheus metrics at http://127.0.0.1:N/metrics while this runs "
            + "(0: any free port; loopback only, no key asked).";

    private MetricsPort() {
    }

    /** Why {@code port} cannot be used, or null (null: not asked for). */
    static String problem(Integer port) {
        return port != null && (port < 0 || port > 65_535)
                ? Commands.given("--metrics-port", port) + ": must be a port between 0 and 65535" : null;
    }

    /**
     * The server for {@code port}, announced on {@code err}; null when none was asked for.
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    static MetricsServer start(Engine engine, Integer port, PrintWriter err) {
        if (port == null) {
            return null;
        }
        MetricsServer s = MetricsServer.start(engine, port);
        err.println("switchboard: metrics at " + s.url());
        err.flush();
        return s;
    }
}
