package dev.switchboard.cli;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.gateway.Gateway;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard serve}: the engine headless behind the HTTP gateway, until SIGTERM or Ctrl-C, which stop it
 * gracefully (requests in flight finish within {@code gateway.grace}, then the engine closes and flushes the
 * ledger).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the engine over HTTP: OpenAI- and Anthropic-compatible endpoints, until stopped.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = Commands.CONFIG_HELP)
    Path config;

    @Option(names = "--port", paramLabel = "N", defaultValue = "4000",
            description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}). On any address but a loopback one, "
                    + "gateway keys are required unless the config's gateway.require_keys says otherwise.")
    String host;

    @Option(names = "--metrics-port", paramLabel = "N", description = MetricsPort.HELP
            + " The gateway serves GET /metrics too, behind a key when keys are required.")
    Integer metricsPort;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65_535) {
            return Commands.refuse(spec, Commands.given("--port", port) + ": must be between 0 and 65535");
        }
        if (host == null || host.isBlank()) {
            return Commands.refuse(spec, "--host: must name an address, e.g. 127.0.0.1 or 0.0.0.0");
        }
        if (MetricsPort.problem(metricsPort) != null) {
            return Commands.refuse(spec, MetricsPort.problem(metricsPort));
        }
        ServerTuning.apply();
        ConfigFile file = Commands.configFile(spec, config);
        Engine engine = file == null ? null : Commands.startEngine(file, err);
        if (engine == null) {
            return 2;
        }
        Gateway gateway;
        dev.switchboard.gateway.MetricsServer metrics;
        try {
            gateway = Gateway.start(engine, host.strip(), port);
        } catch (IllegalStateException e) {
            engine.close();
            return Commands.refuse(spec, e.getMessage());
        }
        try {
            metrics = MetricsPort.start(engine, metricsPort, err);
        } catch (IllegalStateException e) {
            gateway.stop();
            engine.close();
            return Commands.refuse(spec, e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable stop = () -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            // Gateway first, so requests in flight still have an engine; then the engine flushes the ledger.
            boolean all = gateway.stop();
            if (metrics != null) {
                metrics.close();
            }
            engine.close();
            err.println("switchboard: gateway stopped" + (all ? "" : " (some requests were cut after the grace "
                    + "period)") + "; engine closed");
            err.flush();
            stopped.countDown();
        };
        Thread hook = new Thread(stop, "sb-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("switchboard: serving " + gateway.url() + "/v1 (OpenAI and Anthropic formats), gateway keys "
                + (gateway.keysRequired() ? "required" : "not required") + "; Ctrl-C stops");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            // Stopped from inside the process (an embedding caller, a test): the same graceful stop as a signal's.
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running already.
            }
            stop.run();
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
